namespace Fluence.Kernel.Plugins.Libp2p.Multistream;

/// <summary>The remote side answered <c>na</c> to every protocol proposed.</summary>
internal sealed class ProtocolNotSupportedException(string message) : Exception(message);
