using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// A Marine module ready to instantiate: compiled code, its interface, and every adapter compiled to steps. Shared by
/// all services using the module (and by every re-instantiation after a trap).
/// </summary>
internal sealed class CompiledMarineModule : IDisposable
{
    private static readonly string[] AbiExports = ["allocate", "release_objects", "get_result_ptr", "get_result_size", "set_result_ptr", "set_result_size"];

    public CompiledMarineModule(MarineModuleInfo info, Module module)
    {
        Info = info;
        Module = module;
        var exports = module.Exports.OfType<FunctionExport>().ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var name in AbiExports)
        {
            if (!exports.ContainsKey(name))
                throw new WasmCallException(WasmFailure.InvalidModule, $"invalid Marine module: it does not export '{name}'");
        }
        if (exports["allocate"].Parameters.Count != 2)
            throw new WasmCallException(WasmFailure.InvalidModule, "invalid Marine module: 'allocate' must take (size, type tag); SDKs before 0.6.0 are not supported");
        if (!module.Exports.OfType<MemoryExport>().Any(m => m.Name == "memory"))
            throw new WasmCallException(WasmFailure.InvalidModule, "invalid Marine module: it does not export 'memory'");

        ExportSignatures = info.Section.Exports.Select(e => exports.TryGetValue(e.Name, out var f)
            ? new CoreSignature(f.Parameters.Select(FromValueKind).ToArray(), f.Results.Select(FromValueKind).ToArray())
            : null).ToArray();
        AdaptedImports = info.AdaptedImports();
        var compiler = new AdapterCompiler(
            info.Section,
            index => ExportSignatures[index] ?? throw new WasmCallException(WasmFailure.InvalidModule, $"invalid Marine module: IT export '{info.Section.Exports[index].Name}' is not a Wasm export"),
            AdaptedImports.Select(i => i.Signature).ToArray());
        Functions = info.Functions.ToDictionary(f => f.Key, f => compiler.Compile(f.Key, f.Value.Signature, f.Value.Adapter), StringComparer.Ordinal);
        ImportAdapters = AdaptedImports.Select(i => compiler.Compile($"{i.Import.Namespace}.{i.Import.Name}", info.Section.FunctionType(i.Adapter.FunctionType), i.Adapter)).ToArray();
        ImportCoreTypes = AdaptedImports.Select(i => info.Section.FunctionType(i.Import.FunctionType)).ToArray();
    }

    public MarineModuleInfo Info { get; }

    public Module Module { get; }

    /// <summary>Raw signatures by IT export index (null when the IT names an export the Wasm lacks).</summary>
    public CoreSignature?[] ExportSignatures { get; }

    public IReadOnlyDictionary<string, CompiledAdapter> Functions { get; }

    public IReadOnlyList<(ItImport Import, ItAdapter Adapter, ItFunctionType Signature)> AdaptedImports { get; }

    /// <summary>Adapters run when this module calls a function of another module (one per adapted import).</summary>
    public IReadOnlyList<CompiledAdapter> ImportAdapters { get; }

    /// <summary>Raw Wasm signatures of the adapted imports (what the module's import declares).</summary>
    public IReadOnlyList<ItFunctionType> ImportCoreTypes { get; }

    public static ItTypeKind FromValueKind(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => ItTypeKind.I32,
        ValueKind.Int64 => ItTypeKind.I64,
        ValueKind.Float32 => ItTypeKind.F32,
        ValueKind.Float64 => ItTypeKind.F64,
        _ => throw new WasmCallException(WasmFailure.InvalidModule, $"invalid Marine module: value kind {kind} cannot cross the interface-types boundary"),
    };

    public static ValueKind ToValueKind(ItTypeKind kind) => kind switch
    {
        ItTypeKind.I64 or ItTypeKind.S64 or ItTypeKind.U64 => ValueKind.Int64,
        ItTypeKind.F32 => ValueKind.Float32,
        ItTypeKind.F64 => ValueKind.Float64,
        _ => ValueKind.Int32,
    };

    public void Dispose() => Module.Dispose();
}
