using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Wasmtime.Benchmarks;

/// <summary>Creating a service from an already compiled module (stores, WASI, linker, instantiate, _start).</summary>
[MemoryDiagnoser]
public class InstantiateBenchmarks
{
    private readonly TempDirectory _data = new("wasmtime-bench");
    private WasmtimeRuntime _runtime = null!;
    private WasmModule _abi = null!;
    private WasmModule _avm = null!;
    private int _counter;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = BenchmarkModules.Runtime(_data.Path);
        _abi = BenchmarkModules.Module("abi", BenchmarkModules.Abi());
        _avm = BenchmarkModules.Module("avm", BenchmarkModules.Avm());
        // Warm the compiled-module cache so every iteration instantiates only.
        Create(_abi).DisposeAsync().AsTask().GetAwaiter().GetResult();
        Create(_avm).DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private IWasmService Create(WasmModule module) =>
        _runtime.CreateServiceAsync(new WasmServiceDefinition($"s{_counter++}", [module], _data.Combine("svc")), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "create service: abi.wat (cached)")]
    public ValueTask Abi() => Create(_abi).DisposeAsync();

    [Benchmark(Description = "create service: avm.wasm 0.62.0 (cached)")]
    public ValueTask Avm() => Create(_avm).DisposeAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        _data.Dispose();
    }
}
