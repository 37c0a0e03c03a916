using System.Diagnostics;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services.Tests;

/// <summary>App-service calls on the runtime helper's test modules: call parameters, a two-module service, isolation.</summary>
public sealed class AppServiceCallTests : IClassFixture<RuntimeFixture>, IAsyncLifetime
{
    private readonly TempDirectory _data = new("app-calls");
    private readonly KeyPair _host = KeyPair.Generate();
    private readonly LocalContentStore _store;
    private readonly RuntimeFixture _fixture;
    private ServicesHarness _peer = null!;

    public AppServiceCallTests(RuntimeFixture fixture)
    {
        _fixture = fixture;
        _store = new LocalContentStore(Options.Create(new LocalStoreOptions { Directory = _data.Combine("store") }),
            new TestPeerEnvironment(_host, _data.Path), NullLogger<LocalContentStore>.Instance);
    }

    public async Task InitializeAsync()
    {
        await _store.StartAsync(CancellationToken.None);
        _peer = new ServicesHarness(_fixture.Runtime, _store, _host, _data.Path, o => o.CallTimeout = TimeSpan.FromSeconds(5));
        await _peer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Adds the modules (dependencies first, facade last) and creates a service of them; returns its id.</summary>
    private async Task<string> Deploy(params string[] modules)
    {
        var hashes = new JsonArray();
        foreach (var name in modules)
            hashes.Add(await _peer.Ok("dist", "add_module", Convert.ToBase64String(TestModules.Wat(name)), await _peer.Ok("dist", "default_module_config", name)));
        var blueprint = await _peer.Ok("dist", "add_blueprint", await _peer.Ok("dist", "make_blueprint", string.Join("+", modules), hashes));
        return (await _peer.Ok("srv", "create", blueprint))!.GetValue<string>();
    }

    [Fact]
    public async Task A_call_carries_the_particle_the_service_its_creator_the_host_the_scope_and_the_tetraplets()
    {
        var id = await Deploy("abi");
        var tetraplet = new SecurityTetraplet(_host.PeerId.ToString(), "op", "identity", ".$.x");
        var call = _peer.Call(id, "call_parameters", []) with { Tetraplets = [[tetraplet]] };

        var outcome = Assert.IsType<FunctionOutcome.OkOutcome>(await _peer.Dispatcher.CallAsync(call, CancellationToken.None));

        var p = outcome.Value!;
        Assert.Equal(call.Context.Particle.Id, p["particle"]!["id"]!.GetValue<string>());
        Assert.Equal(_host.PeerId.ToString(), p["particle"]!["init_peer_id"]!.GetValue<string>());
        Assert.Equal(1_700_000_000_000ul, p["particle"]!["timestamp"]!.GetValue<ulong>());
        Assert.Equal("(null)", p["particle"]!["script"]!.GetValue<string>());
        Assert.Equal(id, p["service_id"]!.GetValue<string>());
        Assert.Equal(_host.PeerId.ToString(), p["service_creator_peer_id"]!.GetValue<string>());
        Assert.Equal(_host.PeerId.ToString(), p["host_id"]!.GetValue<string>());
        Assert.Equal(_host.PeerId.ToString(), p["worker_id"]!.GetValue<string>());
        Assert.Equal(""".$.x""", p["tetraplets"]![0]![0]!["lens"]!.GetValue<string>());
        Assert.Equal("identity", p["tetraplets"]![0]![0]!["function_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_two_module_service_calls_its_dependency_through_the_facade()
    {
        var id = await Deploy("storage", "facade");

        var outcome = Assert.IsType<FunctionOutcome.OkOutcome>(await _peer.Dispatcher.CallAsync(_peer.Call(id, "relay", ["hey"]), CancellationToken.None));

        // storage.shout upper-cases in place; only the facade's relay is callable.
        Assert.Equal("HEY", outcome.Value!.GetValue<string>());
        var functions = (await _peer.Ok("srv", "get_interface", id))!["function_signatures"]!.AsArray();
        Assert.Equal("relay", Assert.Single(functions)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_spinning_service_times_out_without_blocking_another_and_answers_again_afterwards()
    {
        var spinner = await Deploy("abi");
        var other = (await _peer.Ok("srv", "create", (await _peer.Ok("dist", "list_blueprints"))![0]!["id"]))!.GetValue<string>();

        var spin = Task.Run(async () => await _peer.Dispatcher.CallAsync(_peer.Call(spinner, "spin", []), CancellationToken.None));
        var echo = await _peer.Dispatcher.CallAsync(_peer.Call(other, "echo_string", ["still here"]), CancellationToken.None);

        Assert.Equal("still here", Assert.IsType<FunctionOutcome.OkOutcome>(echo).Value!.GetValue<string>());
        Assert.False(spin.IsCompleted);
        Assert.IsType<FunctionOutcome.ErrorOutcome>(await spin);
        var after = await _peer.Dispatcher.CallAsync(_peer.Call(spinner, "echo_string", ["back"]), CancellationToken.None);
        Assert.Equal("back", Assert.IsType<FunctionOutcome.OkOutcome>(after).Value!.GetValue<string>());
    }

    [Fact]
    public async Task A_call_waits_for_the_running_call_of_the_same_service()
    {
        var id = await Deploy("abi");
        var spin = Task.Run(async () => await _peer.Dispatcher.CallAsync(_peer.Call(id, "spin", []), CancellationToken.None));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!_peer.Registry.IsCallInProgress(id))
            await Task.Delay(10, patience.Token);

        var started = Stopwatch.GetTimestamp();
        var echo = await _peer.Dispatcher.CallAsync(_peer.Call(id, "echo_string", ["after"]), CancellationToken.None);
        var waited = Stopwatch.GetElapsedTime(started);

        // The spin ends by the 5 s call timeout; the echo waited for that rather than running beside it. (Not
        // spin.IsCompleted: the spin's task may complete a moment after the gate lets the echo in.)
        Assert.IsType<FunctionOutcome.ErrorOutcome>(await spin.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(waited > TimeSpan.FromSeconds(2.5), $"the echo returned after {waited.TotalMilliseconds:F0} ms, before the spin's timeout");
        Assert.Equal("after", Assert.IsType<FunctionOutcome.OkOutcome>(echo).Value!.GetValue<string>());
    }

    [Fact]
    public async Task A_trapping_call_is_an_error_and_the_service_keeps_its_id()
    {
        var id = await Deploy("abi");

        var crash = await _peer.Dispatcher.CallAsync(_peer.Call(id, "crash", []), CancellationToken.None);
        var after = await _peer.Dispatcher.CallAsync(_peer.Call(id, "echo_string", ["ok"]), CancellationToken.None);

        Assert.IsType<FunctionOutcome.ErrorOutcome>(crash);
        Assert.Equal("ok", Assert.IsType<FunctionOutcome.OkOutcome>(after).Value!.GetValue<string>());
    }

    [Fact]
    public async Task Arguments_that_do_not_match_the_signature_are_an_error()
    {
        var id = await Deploy("abi");

        var outcome = await _peer.Dispatcher.CallAsync(_peer.Call(id, "add_s32", ["one", 2]), CancellationToken.None);

        Assert.IsType<FunctionOutcome.ErrorOutcome>(outcome);
    }
}
