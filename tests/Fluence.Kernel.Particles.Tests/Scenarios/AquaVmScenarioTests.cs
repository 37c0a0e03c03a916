using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Tests.Pipeline;
using Fluence.Kernel.Particles.Tests.TestDoubles;

namespace Fluence.Kernel.Particles.Tests.Scenarios;

/// <summary>Multi-peer scenarios on a loopback network, every peer and the client running the real AquaVM 0.62.0.</summary>
[Collection(AquaVmCollection.Name)]
public sealed class AquaVmScenarioTests(AquaVmFixture aquaVm)
{
    private static Dictionary<string, JsonNode?> Data(params (string Name, JsonNode? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    private static string Id(TestNetwork network, int peer) => network[peer].PeerId.ToString();

    [Fact]
    public async Task A_particle_goes_client_relay_a_b_and_back_with_the_result()
    {
        await using var network = await TestNetwork.StartAsync(3, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        var result = await client.ExecuteAsync(AquaScripts.RelayAToB, Data(("a", Id(network, 1)), ("b", Id(network, 2))));

        Assert.Equal("hello world", result!.GetValue<string>());
        var call = Assert.Single(network.Recorder(1).Calls);
        Assert.Equal(Id(network, 1), call.Context.ScopePeerId.ToString());
        Assert.Equal(client.PeerId.ToString(), call.Context.Particle.InitPeerId);
        Assert.Empty(network.Recorder(2).Calls);
    }

    [Fact]
    public async Task Par_fans_out_to_five_peers_and_the_client_joins_their_answers()
    {
        await using var network = await TestNetwork.StartAsync(6, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());
        var targets = Enumerable.Range(1, 5).Select(i => Id(network, i)).ToArray();

        var result = await client.ExecuteAsync(AquaScripts.FanOutAndJoin,
            Data(("peers", new JsonArray(targets.Select(t => (JsonNode?)t).ToArray())), ("count", 5)));

        var answers = result!.AsArray().Select(v => v!.GetValue<string>()).Order().ToArray();
        Assert.Equal(targets.Order().ToArray(), answers);
        Assert.All(Enumerable.Range(1, 5), i => Assert.Single(network.Recorder(i).Calls));
    }

    [Fact]
    public async Task A_stream_gathered_from_several_peers_is_folded_over_and_canonicalized_on_the_relay()
    {
        await using var network = await TestNetwork.StartAsync(4, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());
        var targets = Enumerable.Range(1, 3).Select(i => Id(network, i)).ToArray();

        var result = await client.ExecuteAsync(AquaScripts.GatherThenFoldOnRelay,
            Data(("peers", new JsonArray(targets.Select(t => (JsonNode?)t).ToArray())), ("count", 3)));

        var shouted = result!.AsArray().Select(v => v!.GetValue<string>()).Order().ToArray();
        Assert.Equal(targets.Select(t => $"hi from {t}!").Order().ToArray(), shouted);
    }

    [Fact]
    public async Task Ap_and_canon_build_a_stream_on_the_relay()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        var result = await client.ExecuteAsync(AquaScripts.ApAndCanonOnRelay);

        Assert.Equal("""[["first","fluence"],2]""", result!.ToJsonString());
    }

    [Fact]
    public async Task Xor_catches_a_failing_remote_call_and_reports_it_through_the_relay()
    {
        await using var network = await TestNetwork.StartAsync(2, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        var error = await Assert.ThrowsAsync<ParticleScriptException>(() =>
            client.ExecuteAsync(AquaScripts.FailingRemoteCall("recorder", "fail"), Data(("a", Id(network, 1)))));

        Assert.Equal(10000, error.Error!["error_code"]!.GetValue<long>());
        Assert.Contains("recorder was told to fail", error.Error!["message"]!.GetValue<string>());
        Assert.Equal(Id(network, 1), error.Error!["peer_id"]!.GetValue<string>());
        Assert.Single(network.Recorder(1).Calls);
    }

    [Fact]
    public async Task A_call_to_an_unknown_service_fails_with_the_not_found_message_of_nox()
    {
        await using var network = await TestNetwork.StartAsync(2, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        var error = await Assert.ThrowsAsync<ParticleScriptException>(() =>
            client.ExecuteAsync(AquaScripts.FailingRemoteCall("no-such-service", "hello"), Data(("a", Id(network, 1)))));

        Assert.Contains("Service with id 'no-such-service' not found (function hello)", error.Error!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_particle_whose_ttl_runs_out_mid_way_never_reaches_the_next_peer()
    {
        using var drops = new DropCounter();
        // peer.timeout returns at the particle's deadline, when a reaper tick could remove A's actor before its re-run
        // records the drop: no reaping during this test.
        await using var network = await TestNetwork.StartAsync(3, _ => aquaVm.Share(),
            new Dictionary<string, string?> { ["Particles:ReapInterval"] = "00:10:00" });
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        await Assert.ThrowsAsync<TimeoutException>(() => client.ExecuteAsync(AquaScripts.SlowHop,
            Data(("a", Id(network, 1)), ("b", Id(network, 2))), TimeSpan.FromMilliseconds(1500)));
        // The timeout returns at the deadline, so the expiry is caught on A (its re-run, or the send to B) or, when A
        // just made it in time, on B at arrival: wait for that drop (a loaded machine delays it past any fixed pause).
        await PipelineTests.WaitUntilAsync(() => drops.Expiries(Id(network, 1)) + drops.Expiries(Id(network, 2)) >= 1);

        Assert.Empty(network.Recorder(2).Calls);
    }

    [Fact]
    public async Task A_forged_particle_never_reaches_the_interpreter()
    {
        using var drops = new DropCounter();
        var relayInterpreter = aquaVm.Share();
        await using var network = await TestNetwork.StartAsync(1, _ => relayInterpreter);
        var client = await network.ConnectClientAsync(0, aquaVm.Share());
        using var forger = KeyPair.Generate();
        var genuine = ParticleSigner.Create(client.Key, AquaScripts.EchoOn(Id(network, 0)), TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);

        await client.SendRawAsync(genuine with { Signature = forger.Sign(genuine.GetSignedBytes()) });
        await PipelineTests.WaitUntilAsync(() => drops.Count(Id(network, 0), DropReasons.BadSignature) == 1);

        Assert.Equal(0, relayInterpreter.Invocations);
        Assert.Empty(network.Recorder(0).Calls);
    }

    [Fact]
    public async Task The_same_particle_delivered_twice_is_merged_and_not_executed_twice()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());
        var particle = ParticleSigner.Create(client.Key, AquaScripts.EchoOn(Id(network, 0)), TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);

        await client.SendRawAsync(particle);
        await client.SendRawAsync(particle);
        await PipelineTests.WaitUntilAsync(() => network.Recorder(0).Calls.Count >= 1);
        await Task.Delay(300);
        await client.SendRawAsync(particle);
        await Task.Delay(300);

        Assert.Single(network.Recorder(0).Calls);
    }

    [Fact]
    public async Task The_identity_echo_comes_back_from_the_relay()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        var result = await client.ExecuteAsync(AquaScripts.IdentityEcho);

        Assert.Equal("ping", result!.GetValue<string>());
    }

    [Fact]
    public async Task A_script_the_client_cannot_parse_fails_at_once_instead_of_waiting_for_the_ttl()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());

        var error = await Assert.ThrowsAsync<AirExecutionException>(() => client.ExecuteAsync("(seq (null)", ttl: TimeSpan.FromMinutes(1)));

        Assert.Equal(1, error.RetCode);
    }
}
