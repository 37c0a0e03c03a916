using System.Text;
using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Testing;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Benchmarks;

/// <summary>
/// echo_string(s) -> string on abi.wat: the full service call (gate, checks, IT adapter, lowering/lifting) against
/// the same steps hand-coded with typed Wasmtime delegates (allocate, copy, call, get_result_ptr/size, read, release).
/// </summary>
[MemoryDiagnoser]
public class StringCallBenchmarks
{
    private readonly TempDirectory _data = new("wasmtime-bench");
    private WasmtimeRuntime _runtime = null!;
    private IWasmService _service = null!;
    private ItValue[] _arguments = null!;

    private Engine _engine = null!;
    private Store _store = null!;
    private Func<int, int, int> _allocate = null!;
    private Action<int, int> _echo = null!;
    private Func<int> _resultPtr = null!;
    private Func<int> _resultSize = null!;
    private Action _release = null!;
    private Memory _memory = null!;

    [Params(16, 1024)]
    public int Length { get; set; }

    private string _text = "";

    [GlobalSetup]
    public void Setup()
    {
        _text = new string('x', Length);
        _arguments = [new ItValue.Text(_text)];
        _runtime = BenchmarkModules.Runtime(_data.Path);
        _service = _runtime.CreateServiceAsync(new WasmServiceDefinition("bench", [BenchmarkModules.Module("abi", BenchmarkModules.Abi())], _data.Combine("svc")), CancellationToken.None).AsTask().GetAwaiter().GetResult();

        _engine = new Engine(new Config().WithEpochInterruption(true));
        using var module = Module.FromBytes(_engine, "abi", BenchmarkModules.PlainAbi());
        using var linker = new Linker(_engine);
        linker.DefineFunction("__marine_host_api_v3", "log_utf8_string", (int a, int b, int c, int d) => { });
        linker.DefineFunction("__marine_host_api_v3", "get_call_parameters", () => { });
        _store = new Store(_engine);
        _store.SetEpochDeadline(ulong.MaxValue);
        var instance = linker.Instantiate(_store, module);
        _allocate = instance.GetFunction<int, int, int>("allocate")!;
        _echo = instance.GetAction<int, int>("echo_string")!;
        _resultPtr = instance.GetFunction<int>("get_result_ptr")!;
        _resultSize = instance.GetFunction<int>("get_result_size")!;
        _release = instance.GetAction("release_objects")!;
        _memory = instance.GetMemory("memory")!;
    }

    [Benchmark(Description = "IT adapter: IWasmService.CallAsync")]
    public async Task<object> Adapter() => (await _service.CallAsync("echo_string", _arguments, BenchmarkModules.CallParameters, CancellationToken.None))[0];

    [Benchmark(Baseline = true, Description = "raw typed Wasmtime calls")]
    public string Raw()
    {
        var length = Encoding.UTF8.GetByteCount(_text);
        var pointer = _allocate(length, 1);
        Encoding.UTF8.GetBytes(_text, _memory.GetSpan(pointer, length));
        _echo(pointer, length);
        var result = Encoding.UTF8.GetString(_memory.GetSpan(_resultPtr(), _resultSize()));
        _release();
        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _service.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _runtime.Dispose();
        _store.Dispose();
        _engine.Dispose();
        _data.Dispose();
    }
}
