using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Wire;

namespace Fluence.Kernel.Particles.Benchmarks;

/// <summary>
/// Particles through one relay. <see cref="RelayEcho"/>: pre-signed particles whose script is
/// <c>op.identity</c> on the relay and back to the client, sent as raw frames; the client only counts the frames that
/// come back (the relay's work alone: 2 interpreter runs per particle). <see cref="ClientEcho"/>: the same echo through
/// <see cref="Client.ParticleClient"/>, which also runs the client's part on the interpreter (js-client style, 4 more runs).
/// References on the same interpreter, called directly without the pipeline: <see cref="BareNullInvocation"/> (the
/// baseline: one <c>(null)</c> invocation, the interpreter's fixed cost) and <see cref="EchoInvocationsOnly"/> (the relay's two
/// invocations of one echo particle, one after the other). The Ratio column reads "echo = k × bare invocation".
/// Each runs on AquaVM (the reference) and on the native interpreter (the peer's embedded default).
/// </summary>
[InProcess]
// Long warm-up: run alone, RelayEcho needs ≈ 3 s (thread-pool growth, tiered JIT) before it reaches its steady state.
[WarmupCount(40)]
[IterationCount(20)]
[MemoryDiagnoser]
public class RelayBenchmarks
{
    private const int Batch = 256;
    private const int ReferenceBatch = 32;
    private static readonly IReadOnlyDictionary<uint, CallServiceResult> NoResults = new Dictionary<uint, CallServiceResult>();
    private LocalNetwork _network = null!;
    private RunParameters _parameters = null!;
    private string _echo = "";
    private readonly ParticleCodec _codec = new();
    private List<byte[]> _frames = [];

    [Params("aquavm", "native")]
    public string Interpreter { get; set; } = "aquavm";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _network = await LocalNetwork.StartAsync(1, Interpreter);
        var key = KeyPair.Generate();
        _parameters = new RunParameters(_network.ClientKey.PeerId.ToString(), key.PeerId.ToString(),
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 120_000, 0, key.Seed.ToArray(), Guid.NewGuid().ToString());
        _echo = $$"""
            (seq
             (call "{{key.PeerId}}" ("op" "identity") ["ping"] pong)
             (call %init_peer_id% ("op" "noop") [pong])
            )
            """;
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _network.DisposeAsync();

    [IterationSetup(Target = nameof(RelayEcho))]
    public void SignBatch()
    {
        var relay = _network.Peers[0].PeerId;
        var script = $$"""
            (seq
             (call "{{relay}}" ("op" "identity") ["ping"] pong)
             (call %init_peer_id% ("op" "noop") [pong])
            )
            """;
        _frames = Enumerable.Range(0, Batch)
            .Select(_ => _codec.Encode(ParticleSigner.Create(_network.ClientKey, script, TimeSpan.FromMinutes(2), DateTimeOffset.UtcNow)))
            .ToList();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task RelayEcho()
    {
        var relay = _network.Peers[0].PeerId;
        var invocations = _network.Invocations;
        var sending = Task.WhenAll(_frames.Select(f => _network.ClientTransport.SendAsync(relay, f, CancellationToken.None).AsTask()));
        for (int i = 0; i < Batch; i++)
            await _network.ClientTransport.Inbound.ReadAsync();
        await sending;
        // The relay's work is exactly the interpreter's arrival run and the re-run with op.identity's result.
        if (_network.Invocations - invocations != 2 * Batch)
            throw new InvalidOperationException($"{_network.Invocations - invocations} interpreter invocations for {Batch} echo particles; expected {2 * Batch}");
    }

    [Benchmark(OperationsPerInvoke = 64)]
    public async Task ClientEcho()
    {
        const string script = """
            (xor
             (seq
              (seq
               (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
               (call -relay- ("op" "identity") ["ping"] pong)
              )
              (call %init_peer_id% ("callbackSrv" "response") [pong])
             )
             (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
            )
            """;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => _network.Client.ExecuteAsync(script)));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ReferenceBatch)]
    public async Task BareNullInvocation()
    {
        for (int i = 0; i < ReferenceBatch; i++)
            await Invoke(_parameters, "(null)", ReadOnlyMemory<byte>.Empty, NoResults);
    }

    /// <summary>Per op: the relay's two invocations of one echo particle (arrival, then the re-run with the result).</summary>
    [Benchmark(OperationsPerInvoke = ReferenceBatch)]
    public async Task EchoInvocationsOnly()
    {
        for (int i = 0; i < ReferenceBatch; i++)
        {
            var parameters = _parameters with { ParticleId = Guid.NewGuid().ToString() };
            var first = await Invoke(parameters, _echo, ReadOnlyMemory<byte>.Empty, NoResults);
            var (callId, _) = first.CallRequests.Single();
            var results = new Dictionary<uint, CallServiceResult> { [callId] = new(0, "\"ping\"") };
            var second = await Invoke(parameters, _echo, first.Data, results);
            if (!second.IsSuccess || second.NextPeerPks.Count != 1)
                throw new InvalidOperationException($"echo re-run failed: {second.RetCode} {second.ErrorMessage}");
        }
    }

    private ValueTask<InterpreterOutcome> Invoke(RunParameters parameters, string air, ReadOnlyMemory<byte> prev, IReadOnlyDictionary<uint, CallServiceResult> results) =>
        _network.Interpreter.InvokeAsync(new InterpreterInvocation(air, prev, ReadOnlyMemory<byte>.Empty, parameters, results), CancellationToken.None);
}
