namespace Fluence.Kernel.Runtime;

/// <summary>A named, typed field of a record or argument of a function.</summary>
public sealed record ItField(string Name, ItType Type);
