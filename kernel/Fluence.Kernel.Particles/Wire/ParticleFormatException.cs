namespace Fluence.Kernel.Particles.Wire;

/// <summary>A particle frame that cannot be decoded (bad multicodec, malformed MessagePack, missing or mistyped field, too large).</summary>
public sealed class ParticleFormatException(string message, Exception? inner = null) : Exception(message, inner);
