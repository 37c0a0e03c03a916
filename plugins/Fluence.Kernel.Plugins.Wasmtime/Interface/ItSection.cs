using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Interface;

/// <summary>An entry of the IT type table: a function type or a record type (one shared index space).</summary>
internal abstract record ItTypeEntry;

internal sealed record ItFunctionType(IReadOnlyList<ItField> Arguments, IReadOnlyList<ItType> Outputs) : ItTypeEntry;

internal sealed record ItRecordEntry(string Name, IReadOnlyList<ItField> Fields) : ItTypeEntry;

internal sealed record ItImport(string Namespace, string Name, uint FunctionType);

internal sealed record ItAdapter(uint FunctionType, IReadOnlyList<ItInstruction> Instructions);

internal sealed record ItExport(string Name, uint FunctionType);

internal sealed record ItImplementation(uint CoreFunctionType, uint AdapterFunctionType);

/// <summary>The decoded <c>interface-types</c> custom section of a Marine module.</summary>
internal sealed record ItSection(
    string Version,
    IReadOnlyList<ItTypeEntry> Types,
    IReadOnlyList<ItImport> Imports,
    IReadOnlyList<ItAdapter> Adapters,
    IReadOnlyList<ItExport> Exports,
    IReadOnlyList<ItImplementation> Implementations)
{
    public ItFunctionType FunctionType(uint index) =>
        index < Types.Count && Types[(int)index] is ItFunctionType f
            ? f
            : throw ItSectionReader.Invalid($"type {index} is not a function type");

    public ItRecordEntry RecordType(ulong index) =>
        index < (ulong)Types.Count && Types[(int)index] is ItRecordEntry r
            ? r
            : throw ItSectionReader.Invalid($"type {index} is not a record type");
}
