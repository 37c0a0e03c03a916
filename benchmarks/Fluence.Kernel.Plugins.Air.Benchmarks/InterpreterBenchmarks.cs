using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.Wasmtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air.Benchmarks;

/// <summary>
/// The native interpreter against the AquaVM plugin (avm.wasm 0.62.0 on Wasmtime, the baseline) on the same recorded
/// invocations (<see cref="InterpreterCase"/>): the inputs are made once in GlobalSetup by running the case's scenario
/// on AquaVM, then each benchmark replays them. Both interpreters must succeed on every replayed invocation.
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private string _data = "";
    private WasmtimeRuntime _runtime = null!;
    private AquaVmInterpreter _aquaVm = null!;
    private NativeAirInterpreter _native = null!;
    private IReadOnlyList<InterpreterInvocation> _invocations = [];

    // Shared by every case and run, like a peer's data directory: avm.wasm is compiled once, not in each case's setup.
    private static readonly string CompiledModuleCacheDirectory = Path.Combine(Path.GetTempPath(), "fluence-benchmarks", "wasmtime-cache");

    [Params(InterpreterCase.Null, InterpreterCase.SeqChain100, InterpreterCase.FoldStream1000Par,
        InterpreterCase.CallRequests500, InterpreterCase.CallResults500, InterpreterCase.Merge1MiB)]
    public string Case { get; set; } = InterpreterCase.Null;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // The peer's runtime settings (kernel/Fluence.Cli/Fluence.Cli.csproj, copied into this project's csproj) must be in effect, or this does not measure what a peer runs.
        if (AppContext.GetData("System.GC.LOHThreshold") is null)
            throw new InvalidOperationException("the peer's GC settings (System.GC.LOHThreshold, see kernel/Fluence.Cli/Fluence.Cli.csproj) are not in this process's runtimeconfig");
        _data = Path.Combine(Path.GetTempPath(), $"air-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_data);
        _runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off", CacheDirectory = CompiledModuleCacheDirectory }), new Environment(_data), NullLoggerFactory.Instance);
        _aquaVm = new AquaVmInterpreter(_runtime, Options.Create(new AquaVmOptions { PoolSize = 1 }), NullLogger<AquaVmInterpreter>.Instance);
        await _aquaVm.StartAsync(CancellationToken.None);
        _native = new NativeAirInterpreter(new AirParseCache());
        _invocations = await InterpreterCase.All[Case].RecordAsync(_aquaVm);
        // Both sides must do the real work: a failing replay would measure an error path.
        await ReplayAsync(_aquaVm);
        await ReplayAsync(_native);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _aquaVm.DisposeAsync();
        _runtime.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<long> AquaVm() => ReplayAsync(_aquaVm);

    [Benchmark]
    public Task<long> Native() => ReplayAsync(_native);

    private async Task<long> ReplayAsync(IAirInterpreter interpreter)
    {
        long bytes = 0;
        foreach (var invocation in _invocations)
        {
            var outcome = await interpreter.InvokeAsync(invocation, CancellationToken.None);
            if (outcome.RetCode != 0)
                throw new InvalidOperationException($"{interpreter.Name} failed on {Case}: {outcome.RetCode} {outcome.ErrorMessage}");
            bytes += outcome.Data.Length;
        }
        return bytes;
    }

    private sealed class Environment(string dataDirectory) : IPeerEnvironment
    {
        public KeyPair HostKey { get; } = KeyPair.Generate();

        public string DataDirectory { get; } = dataDirectory;

        public TimeProvider Time => TimeProvider.System;
    }
}
