using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Wasmtime.Benchmarks;

/// <summary>Loading avm.wasm 0.62.0 through the compiled-module cache: a miss compiles and serializes, a hit deserializes.</summary>
public class CompileCacheBenchmarks
{
    private readonly TempDirectory _data = new("wasmtime-bench");
    private WasmtimeRuntime _runtime = null!;
    private byte[] _avm = null!;
    private const string Cid = "avm-bench";

    [GlobalSetup]
    public void Setup()
    {
        _runtime = BenchmarkModules.Runtime(_data.Path);
        _avm = BenchmarkModules.Avm();
    }

    [IterationSetup(Target = nameof(Miss))]
    public void ForgetCachedFile()
    {
        if (File.Exists(_runtime.Cache.PathOf(Cid)))
            File.Delete(_runtime.Cache.PathOf(Cid));
    }

    [Benchmark(Description = "avm.wasm 0.62.0: cache miss (compile + serialize)")]
    public void Miss() => _runtime.Cache.Load(Cid, _avm).Dispose();

    [Benchmark(Description = "avm.wasm 0.62.0: cache hit (deserialize)")]
    public void Hit() => _runtime.Cache.Load(Cid, _avm).Dispose();

    [GlobalCleanup]
    public void Cleanup()
    {
        _runtime.Dispose();
        _data.Dispose();
    }
}
