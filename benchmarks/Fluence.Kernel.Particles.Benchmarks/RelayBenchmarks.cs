using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Wire;

namespace Fluence.Kernel.Particles.Benchmarks;

/// <summary>
/// Particles through one relay on the real AquaVM. <see cref="RelayEcho"/>: pre-signed particles whose script is
/// <c>op.identity</c> on the relay and back to the client, sent as raw frames; the client only counts the frames that
/// come back (the relay's work alone: 2 AquaVM runs per particle). <see cref="ClientEcho"/>: the same echo through
/// <see cref="Client.ParticleClient"/>, which also runs the client's part on AquaVM (js-client style, 4 more runs).
/// </summary>
[InProcess]
[MemoryDiagnoser]
public class RelayBenchmarks
{
    private const int Batch = 256;
    private LocalNetwork _network = null!;
    private readonly ParticleCodec _codec = new();
    private List<byte[]> _frames = [];

    [GlobalSetup]
    public async Task SetupAsync() => _network = await LocalNetwork.StartAsync(1);

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
        var sending = Task.WhenAll(_frames.Select(f => _network.ClientTransport.SendAsync(relay, f, CancellationToken.None).AsTask()));
        for (int i = 0; i < Batch; i++)
            await _network.ClientTransport.Inbound.ReadAsync();
        await sending;
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
}
