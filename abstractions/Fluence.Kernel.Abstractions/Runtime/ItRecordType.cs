namespace Fluence.Kernel.Runtime;

public sealed record ItRecordType(string Name, ulong Id, IReadOnlyList<ItField> Fields);
