namespace Fluence.Kernel.Workers.Spells;

/// <summary>A spell operation that cannot be done (bad script or init args, unknown spell); the message is for the caller.</summary>
public sealed class SpellException(string message) : Exception(message);
