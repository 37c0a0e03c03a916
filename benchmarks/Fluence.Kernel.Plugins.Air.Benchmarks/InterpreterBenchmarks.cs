using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
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
/// <see cref="SignaturesAlone"/> measures the part no AquaVM-compatible interpreter can skip: its ratio to AquaVM is
/// the most any of them can reach on the machine.
/// </summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private string _data = "";
    private WasmtimeRuntime _runtime = null!;
    private AquaVmInterpreter _aquaVm = null!;
    private NativeAirInterpreter _native = null!;
    private IReadOnlyList<InterpreterInvocation> _invocations = [];
    private IReadOnlyList<Signing> _signings = [];

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
        _signings = await SigningsAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var signing in _signings)
            signing.Key.Dispose();
        await _aquaVm.DisposeAsync();
        _runtime.Dispose();
        Directory.Delete(_data, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public Task<long> AquaVm() => ReplayAsync(_aquaVm);

    [Benchmark]
    public Task<long> Native() => ReplayAsync(_native);

    /// <summary>
    /// Each replayed invocation's Ed25519 signature alone: AquaVM's data has the current peer sign the CIDs it produced
    /// in every invocation, (null) on empty data included, so an interpreter writing that data cannot do less.
    /// </summary>
    [Benchmark]
    public int SignaturesAlone()
    {
        var bytes = 0;
        foreach (var signing in _signings)
            bytes += DataSignatures.Sign(signing.Key, signing.Cids, signing.ParticleId).Signature.Length;
        return bytes;
    }

    // What each invocation signs, taken from native's output; checked to give the very signature that output holds.
    private async Task<IReadOnlyList<Signing>> SigningsAsync()
    {
        var signings = new List<Signing>();
        foreach (var invocation in _invocations)
        {
            var parameters = invocation.Parameters;
            var output = InterpreterDataCodec.Decode((await _native.InvokeAsync(invocation, CancellationToken.None)).Data);
            var key = KeyPair.FromSeed(parameters.SecretKey.Span);
            var signing = new Signing(key, DataSignatures.CidsOf(output, parameters.CurrentPeerId), parameters.ParticleId);
            var written = output.Signatures.Single(s => s.PublicKey.AsSpan(1).SequenceEqual(key.PublicKey));
            if (!DataSignatures.Sign(signing.Key, signing.Cids, signing.ParticleId).Signature.AsSpan().SequenceEqual(written.Signature))
                throw new InvalidOperationException($"{Case}: the signature measured alone is not the one native's data holds");
            signings.Add(signing);
        }
        return signings;
    }

    private sealed record Signing(KeyPair Key, List<CidRef> Cids, string ParticleId);

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
