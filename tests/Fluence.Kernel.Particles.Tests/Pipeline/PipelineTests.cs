using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using static Fluence.Kernel.Particles.Tests.TestDoubles.StepInterpreter;

namespace Fluence.Kernel.Particles.Tests.Pipeline;

/// <summary>Pipeline mechanics on a loopback network, with the step interpreter test double.</summary>
public sealed class PipelineTests
{
    private const string Init = "%init_peer_id%";
    private static readonly Dictionary<string, string?> FastReaping = new() { ["Particles:ReapInterval"] = "00:00:00.050" };

    [Fact]
    public async Task A_particle_travels_client_relay_a_b_and_back_with_each_peer_calling_its_own_services()
    {
        await using var network = await TestNetwork.StartAsync(3, _ => new StepInterpreter());
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString(), a = network[1].PeerId.ToString(), b = network[2].PeerId.ToString();

        var result = await client.ExecuteAsync(Script(
            (relay, "op", "noop", []),
            (a, "recorder", "echo", ["hello"]),
            (b, "recorder", "echo", ["$1"]),
            (relay, "op", "noop", []),
            (Init, "callbackSrv", "response", ["$2"])));

        Assert.Equal("hello", result!.GetValue<string>());
        Assert.Single(network.Recorder(1).Calls);
        Assert.Single(network.Recorder(2).Calls);
        Assert.Empty(network.Recorder(0).Calls);
        Assert.Equal(b, network.Recorder(2).Calls.Single().Context.ScopePeerId.ToString());
    }

    [Fact]
    public async Task The_client_serves_its_arguments_and_the_relay_id_through_getDataSrv()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => new StepInterpreter());
        var client = await network.ConnectClientAsync(0, new StepInterpreter());

        var result = await client.ExecuteAsync(Script(
            (Init, "getDataSrv", "-relay-", []),
            (Init, "getDataSrv", "name", []),
            (Init, "callbackSrv", "response", ["$0", "$1"])),
            new Dictionary<string, JsonNode?> { ["name"] = "fluence" });

        Assert.Equal(new JsonArray(network[0].PeerId.ToString(), "fluence").ToJsonString(), result!.ToJsonString());
    }

    [Fact]
    public async Task The_same_particle_delivered_twice_is_merged_and_its_calls_run_once()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => new StepInterpreter());
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString();
        var particle = ParticleSigner.Create(client.Key, Script((relay, "recorder", "echo", ["once"])), TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);

        await client.SendRawAsync(particle);
        await client.SendRawAsync(particle);
        await WaitUntilAsync(() => network.Recorder(0).Calls.Count >= 1);
        await client.SendRawAsync(particle);
        await Task.Delay(300);

        Assert.Single(network.Recorder(0).Calls);
        Assert.Equal(1, network[0].Plumber.ActiveActors);
    }

    [Fact]
    public async Task A_particle_with_a_forged_signature_is_dropped_before_the_interpreter()
    {
        using var drops = new DropCounter();
        var interpreter = new StepInterpreter();
        await using var network = await TestNetwork.StartAsync(1, _ => interpreter);
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        using var forger = KeyPair.Generate();
        string relay = network[0].PeerId.ToString();
        var genuine = ParticleSigner.Create(client.Key, Script((relay, "recorder", "echo", ["x"])), TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);
        var forged = genuine with { Signature = forger.Sign(genuine.GetSignedBytes()) };

        await client.SendRawAsync(forged);
        await WaitUntilAsync(() => drops.Count(relay, DropReasons.BadSignature) == 1);

        Assert.Equal(0, interpreter.Invocations);
        Assert.Empty(network.Recorder(0).Calls);
        Assert.Equal(0, network[0].Plumber.ActiveActors);
    }

    [Fact]
    public async Task An_expired_particle_is_dropped_at_intake()
    {
        using var drops = new DropCounter();
        var interpreter = new StepInterpreter();
        await using var network = await TestNetwork.StartAsync(1, _ => interpreter);
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString();
        var old = ParticleSigner.Create(client.Key, Script((relay, "recorder", "echo", ["x"])), TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow.AddMinutes(-1));

        await client.SendRawAsync(old);
        await WaitUntilAsync(() => drops.Count(relay, DropReasons.Expired) == 1);

        Assert.Equal(0, interpreter.Invocations);
    }

    [Fact]
    public async Task A_particle_whose_ttl_runs_out_mid_way_stops_and_the_client_times_out()
    {
        using var drops = new DropCounter();
        await using var network = await TestNetwork.StartAsync(3, _ => new StepInterpreter(), latency: TimeSpan.FromMilliseconds(150));
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString(), a = network[1].PeerId.ToString(), b = network[2].PeerId.ToString();
        var hops = Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b, "recorder", "echo", new object?[] { i })).ToList();

        await Assert.ThrowsAsync<TimeoutException>(() => client.ExecuteAsync(
            Script([(relay, "op", "noop", []), .. hops, (Init, "callbackSrv", "response", [])]),
            ttl: TimeSpan.FromMilliseconds(700)));

        long echoes = network.Recorder(1).Calls.Count + network.Recorder(2).Calls.Count;
        Assert.InRange(echoes, 0, 9);
        // The client's timeout and the peers' expiry checks fall due together: wait for the drop instead of expecting it already.
        await WaitUntilAsync(() => drops.Expiries() >= 1);
    }

    [Fact]
    public async Task Actors_their_data_and_vaults_are_reaped_after_the_deadline()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => new StepInterpreter(), FastReaping);
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString();

        var result = await client.ExecuteAsync(Script(
            (relay, "vault", "put", ["kept until the deadline"]),
            (relay, "vault", "cat", ["$0"]),
            (Init, "callbackSrv", "response", ["$0"])), ttl: TimeSpan.FromMilliseconds(4000)); // room for a loaded CI machine
        var path = result!.GetValue<string>();
        Assert.True(File.Exists(path));
        Assert.Equal(1, network[0].Plumber.ActiveActors);

        var vault = Path.GetDirectoryName(path)!;
        await WaitUntilAsync(() => network[0].Plumber.ActiveActors == 0 && !Directory.Exists(vault), TimeSpan.FromSeconds(15));
        Assert.Equal(0, network[0].Services.GetRequiredService<IParticleDataStore>().Count);
    }

    [Fact]
    public async Task Reaping_removes_the_actors_past_their_deadline_and_keeps_the_others()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => new StepInterpreter(), FastReaping);
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString();
        var script = Script((relay, "recorder", "echo", ["x"]));
        var lasting = ParticleSigner.Create(client.Key, script, TimeSpan.FromMinutes(2), DateTimeOffset.UtcNow);
        var brief = ParticleSigner.Create(client.Key, script, TimeSpan.FromMilliseconds(3000), DateTimeOffset.UtcNow); // room for a loaded CI machine

        await client.SendRawAsync(lasting);
        await client.SendRawAsync(brief);
        await WaitUntilAsync(() => network.Recorder(0).Calls.Count == 2);
        await WaitUntilAsync(() => network[0].Plumber.ActiveActors == 1, TimeSpan.FromSeconds(15));
        await Task.Delay(300);

        Assert.Equal(1, network[0].Plumber.ActiveActors);
        Assert.Equal(1, network[0].Services.GetRequiredService<IParticleDataStore>().Count);
    }

    [Fact]
    public async Task An_actor_never_runs_two_interpretations_at_once_while_different_particles_do()
    {
        var probe = new ConcurrencyProbe(new StepInterpreter(), TimeSpan.FromMilliseconds(30));
        await using var network = await TestNetwork.StartAsync(1, _ => probe);
        var client = await network.ConnectClientAsync(0, new StepInterpreter());
        string relay = network[0].PeerId.ToString();
        var particles = Enumerable.Range(0, 4)
            .Select(i => ParticleSigner.Create(client.Key, Script((relay, "recorder", "echo", [i])), TimeSpan.FromSeconds(20), DateTimeOffset.UtcNow))
            .ToList();

        await Task.WhenAll(particles.SelectMany(p => Enumerable.Repeat(p, 6)).Select(p => client.SendRawAsync(p).AsTask()));
        await WaitUntilAsync(() => network.Recorder(0).Calls.Count == 4, TimeSpan.FromSeconds(10));
        await Task.Delay(200);

        Assert.Equal(1, probe.MaxConcurrentRunsOfOneActor);
        Assert.True(probe.MaxConcurrentRuns > 1, "different particles should run in parallel");
        Assert.Equal(4, network.Recorder(0).Calls.Count);
    }

    [Fact]
    public async Task A_call_to_an_unknown_service_fails_with_the_message_of_nox()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => new StepInterpreter());
        var executor = network[0].Services.GetRequiredService<IServiceCallExecutor>();
        var call = BuiltinTestContext.Call(network[0].PeerId, "no-such-service", "hello", []);

        var result = await executor.ExecuteAsync(call, CancellationToken.None);

        Assert.Equal(1, result.RetCode);
        Assert.Equal("\"Service with id 'no-such-service' not found (function hello)\"", result.Result);
    }

    [Fact]
    public async Task Kernel_builtins_answer_first_and_unknown_functions_fall_through_to_plugin_builtins()
    {
        await using var network = await TestNetwork.StartAsync(1, _ => new StepInterpreter(),
            extra: services => services.AddSingleton<IBuiltinService>(new PluginOp()));
        var executor = network[0].Services.GetRequiredService<IServiceCallExecutor>();

        var kernel = await executor.ExecuteAsync(BuiltinTestContext.Call(network[0].PeerId, "op", "identity", [42]), CancellationToken.None);
        var plugin = await executor.ExecuteAsync(BuiltinTestContext.Call(network[0].PeerId, "op", "shout", ["hi"]), CancellationToken.None);
        var nobody = await executor.ExecuteAsync(BuiltinTestContext.Call(network[0].PeerId, "op", "whisper", []), CancellationToken.None);

        Assert.Equal(new CallServiceResult(0, "42"), kernel);
        Assert.Equal(new CallServiceResult(0, "\"HI\""), plugin);
        Assert.Equal("\"Service with id 'op' not found (function whisper)\"", nobody.Result);
    }

    private sealed class PluginOp : IBuiltinService
    {
        public string ServiceId => "op";

        public ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken) => ValueTask.FromResult(call.FunctionName switch
        {
            "identity" => FunctionOutcome.Ok("the plugin must not shadow the kernel"),
            "shout" => FunctionOutcome.Ok(call.Arguments[0]!.GetValue<string>().ToUpperInvariant()),
            _ => FunctionOutcome.NotDefined,
        });
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not reached in time");
            await Task.Delay(10);
        }
    }
}
