using BenchmarkDotNet.Attributes;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Particles.Benchmarks;

/// <summary>
/// Latency of one particle over three hops (client → relay → A → B, then back through the relay to the client),
/// one at a time, every peer and the client on the real AquaVM.
/// </summary>
[InProcess]
[WarmupCount(3)]
[IterationCount(12)]
[MemoryDiagnoser]
public class HopLatencyBenchmarks
{
    private const string Script = """
        (xor
         (seq
          (seq
           (seq
            (seq
             (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
             (call %init_peer_id% ("getDataSrv" "a") [] a)
            )
            (call %init_peer_id% ("getDataSrv" "b") [] b)
           )
           (seq
            (seq
             (seq
              (call -relay- ("op" "noop") [])
              (call a ("op" "identity") ["hop"] ra)
             )
             (call b ("op" "concat_strings") [ra "s"] rb)
            )
            (call -relay- ("op" "noop") [])
           )
          )
          (call %init_peer_id% ("callbackSrv" "response") [rb])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;

    private LocalNetwork _network = null!;
    private Dictionary<string, JsonNode?> _data = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _network = await LocalNetwork.StartAsync(3);
        _data = new() { ["a"] = _network.Peers[1].PeerId.ToString(), ["b"] = _network.Peers[2].PeerId.ToString() };
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _network.DisposeAsync();

    [Benchmark]
    public async Task<JsonNode?> ThreeHops() => await _network.Client.ExecuteAsync(Script, _data);
}
