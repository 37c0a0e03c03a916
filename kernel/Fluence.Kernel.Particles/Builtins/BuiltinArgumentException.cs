namespace Fluence.Kernel.Particles.Builtins;

/// <summary>A builtin was called with a missing or mistyped argument; becomes the call's error.</summary>
public sealed class BuiltinArgumentException(string message) : Exception(message);
