using System.Text.Json.Nodes;

namespace Fluence.Cli.Tests.Relay;

/// <summary>
/// What a Fluence user does: npm js-client 0.9.0 (js-libp2p 1.2, noise 14, yamux 6, AquaVM 0.62 in marine-js)
/// connects to our peer over WebSocket as its relay and runs particles through it.
/// </summary>
[Collection(Libp2pPeersCollection.Name)]
public sealed class JsClientInteropTests(Libp2pPeers peers)
{
    [Fact]
    public async Task Js_client_gets_its_op_identity_echoed_back_through_our_relay()
    {
        var report = await JsClient.RunAsync(peers.RelayWs, RelayScripts.EchoThroughRelay, new JsonObject { ["message"] = "echo through the relay" });

        AssertSucceeded(report);
        Assert.Equal(peers.RelayId, (string?)report["relay"]);
        Assert.Equal("echo through the relay", (string?)report["result"]);
    }

    [Fact]
    public async Task Js_client_reads_the_relays_clock_with_peer_timestamp_ms()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var report = await JsClient.RunAsync(peers.RelayWs, RelayScripts.RelayTimestamp);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        AssertSucceeded(report);
        var timestamp = report["result"]!.GetValue<long>();
        Assert.InRange(timestamp, before, after);
    }

    [Fact]
    public async Task Js_client_calls_a_second_peer_connected_to_the_relay_over_tcp()
    {
        var report = await JsClient.RunAsync(peers.RelayWs, RelayScripts.PeerIdOfTargetBehindRelay, new JsonObject { ["target"] = peers.SecondId });

        AssertSucceeded(report);
        // sig.get_peer_id answers with the id of the peer that ran it: the call ran on the second peer.
        Assert.Equal(peers.SecondId, (string?)report["result"]);
    }

    [Fact]
    public async Task Js_client_gets_the_error_our_relay_reports_for_an_unknown_service()
    {
        const string air = """
            (xor
             (seq
              (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
              (call -relay- ("no-such-service" "f") [] x))
             (seq
              (call -relay- ("op" "noop") [])
              (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 0])))
            """;
        var report = await JsClient.RunAsync(peers.RelayWs, air);

        Assert.False(report["ok"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal("call", (string?)report["stage"]);
        Assert.Contains("no-such-service", report.ToJsonString());
    }

    private void AssertSucceeded(JsonObject report) =>
        Assert.True(report["ok"]?.GetValue<bool>() == true, $"{report.ToJsonString()}\nrelay:\n{peers.RelayOutput}");
}
