namespace Fluence.Kernel.Plugins.Libp2p.Wire;

/// <summary>A peer broke a libp2p protocol (bad handshake, bad identify, muxer violation): its connection is closed.</summary>
internal sealed class Libp2pProtocolException(string message, Exception? inner = null) : Exception(message, inner);
