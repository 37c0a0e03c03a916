using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// One instantiated module of a service: its own Store (so each module has its own WASI context and memory
/// limit), the ABI exports bound as typed delegates, and the call-core table of its adapters.
/// </summary>
internal sealed class MarineInstance : IGuest, IDisposable
{
    private readonly CompiledMarineModule _module;
    private readonly CoreInvoker?[] _exports;
    private readonly Func<IReadOnlyList<ItValue>, IReadOnlyList<ItValue>>[] _imports;
    private readonly Memory _memory;
    private readonly Func<int, int, int> _allocate;
    private readonly Action _releaseObjects;
    private readonly Action<int> _setResultPtr;
    private readonly Action<int> _setResultSize;
    private readonly Function?[] _exportFunctions;

    public MarineInstance(Store store, Instance instance, CompiledMarineModule module, Func<IReadOnlyList<ItValue>, IReadOnlyList<ItValue>>[] imports)
    {
        Store = store;
        _module = module;
        _imports = imports;
        _memory = instance.GetMemory("memory") ?? throw new WasmCallException(WasmFailure.InvalidModule, "invalid Marine module: no memory export");
        _allocate = instance.GetFunction<int, int, int>("allocate") ?? throw Abi("allocate", "(i32, i32) -> i32");
        _releaseObjects = instance.GetAction("release_objects") ?? throw Abi("release_objects", "() -> ()");
        _setResultPtr = instance.GetAction<int>("set_result_ptr") ?? throw Abi("set_result_ptr", "(i32) -> ()");
        _setResultSize = instance.GetAction<int>("set_result_size") ?? throw Abi("set_result_size", "(i32) -> ()");
        var exports = module.Info.Section.Exports;
        _exports = new CoreInvoker?[exports.Count];
        _exportFunctions = exports.Select(e => instance.GetFunction(e.Name)).ToArray();
    }

    public Store Store { get; }

    public CompiledMarineModule Module => _module;

    public IReadOnlyList<ItTypeEntry> Types => _module.Info.Section.Types;

    public long MemorySize => _memory.GetLength();

    public unsafe Span<byte> Memory(uint pointer, uint length)
    {
        if (length == 0)
            return [];
        var size = _memory.GetLength();
        if ((ulong)pointer + length > (ulong)size || length > int.MaxValue)
            throw new WasmCallException(WasmFailure.Trap, $"the module referenced memory out of bounds ({pointer} + {length} > {size})");
        // Bounds checked above; the base pointer is re-read on every call because guest calls may grow (move) memory.
        return new Span<byte>((byte*)_memory.GetPointer() + pointer, (int)length);
    }

    public uint Allocate(uint size, int tag) => (uint)_allocate((int)size, tag);

    public void SetResult(uint pointer, uint? size)
    {
        if (size is { } s)
            _setResultSize((int)s);
        _setResultPtr((int)pointer);
    }

    public void ReleaseObjects() => _releaseObjects();

    public long CallExport(int index, Slot[] slots, int offset)
    {
        var invoker = _exports[index];
        if (invoker is null)
        {
            var function = _exportFunctions[index] ?? throw new WasmCallException(WasmFailure.InvalidModule, $"export '{_module.Info.Section.Exports[index].Name}' is missing");
            invoker = _exports[index] = new CoreInvoker(function, _module.ExportSignatures[index]!);
        }
        return invoker.Invoke(slots, offset);
    }

    public IReadOnlyList<ItValue> CallImport(int index, IReadOnlyList<ItValue> arguments) => _imports[index](arguments);

    /// <summary>Runs an IT function of this module with IT values (its compiled adapter lowers, calls and lifts).</summary>
    public IReadOnlyList<ItValue> Call(string function, IReadOnlyList<ItValue> arguments)
    {
        if (!_module.Functions.TryGetValue(function, out var adapter))
            throw new WasmCallException(WasmFailure.InvalidArguments, $"module has no function '{function}'");
        return adapter.Run(this, arguments);
    }

    private static WasmCallException Abi(string name, string signature) =>
        new(WasmFailure.InvalidModule, $"invalid Marine module: '{name}' must have the signature {signature}");

    public void Dispose() => Store.Dispose();
}
