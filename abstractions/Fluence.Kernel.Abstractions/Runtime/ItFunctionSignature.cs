namespace Fluence.Kernel.Runtime;

public sealed record ItFunctionSignature(string Name, IReadOnlyList<ItField> Arguments, IReadOnlyList<ItType> Outputs);
