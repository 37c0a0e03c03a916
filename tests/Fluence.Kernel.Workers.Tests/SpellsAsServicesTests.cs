using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Composition;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// Spells are services of their scope, as on Nox: one namespace of ids and aliases shared with the app services,
/// listed and described by <c>srv</c>, removed only by <c>spell.remove</c> — on a peer composed as the CLI composes it
/// (pipeline, app services, workers and spells modules) with the real AquaVM and Wasmtime.
/// </summary>
public sealed class SpellsAsServicesTests(AquaVmFixture aquaVm) : IClassFixture<AquaVmFixture>, IAsyncLifetime
{
    private readonly TempDirectory _directory = new("workers-alias");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly Probe _probe = new();
    private InProcessPeer _peer = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().Build();
        _peer = await InProcessPeer.StartAsync(_hostKey, _directory.Path, services =>
        {
            services.AddLoopbackPeerSlots(aquaVm.Interpreter, TimeProvider.System);
            services.AddSingleton<IWasmRuntime>(aquaVm.Runtime);
            services.AddSingleton(Options.Create(new LocalStoreOptions { Directory = _directory.Combine("store") }));
            services.AddSingleton<LocalContentStore>();
            services.AddSingleton<IContentStore>(sp => sp.GetRequiredService<LocalContentStore>());
            services.AddSingleton<Fluence.Kernel.Hosting.IPeerLifecycle>(sp => sp.GetRequiredService<LocalContentStore>());
            services.AddSingleton<IBuiltinService>(_probe);
            new AppServicesModule().ConfigureServices(services, configuration);
            new WorkersAndSpellsModule().ConfigureServices(services, configuration);
        }, configuration);
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _directory.Dispose();
    }

    /// <summary>A builtin called by the host directly (setup that needs JSON objects AIR literals cannot carry).</summary>
    private async Task<FunctionOutcome> CallAsHostAsync(string serviceId, string function, params JsonNode?[] args)
    {
        var particle = ParticleSigner.Create(_hostKey, "(null)", TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow);
        var context = new ParticleContext(particle, _peer.PeerId, _peer.PeerId, _directory.Combine("vault"));
        var call = new ServiceCall(serviceId, function, args, args.Select(_ => (IReadOnlyList<SecurityTetraplet>)[]).ToList(), context);
        return await _peer.Services.GetServices<IBuiltinService>().Single(b => b.ServiceId == serviceId).CallAsync(call, CancellationToken.None);
    }

    /// <summary>Runs <paramref name="air"/> as a host particle through the pipeline and AquaVM; returns what it hands to <c>probe.record</c>.</summary>
    private async Task<JsonNode?> RunAsync(string air)
    {
        var particle = ParticleSigner.Create(_hostKey, air, TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow);
        var recorded = _probe.Expect(particle.Id);
        Assert.True(await _peer.Plumber.IngestAsync(particle, _peer.Services.GetRequiredService<IPeerScopes>().Host, CancellationToken.None));
        return await recorded.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task<string> CreateAppServiceAsync(string alias)
    {
        var config = (await CallAsHostAsync("dist", "make_module_config", "avm", new JsonArray(), new JsonArray(), new JsonArray(true))).AssertOk();
        var module = (await CallAsHostAsync("dist", "add_module", Convert.ToBase64String(File.ReadAllBytes(aquaVm.AvmWasmPath)), config)).AssertOk()!.GetValue<string>();
        var blueprint = (await CallAsHostAsync("dist", "make_blueprint", "avm-blueprint", new JsonArray(module))).AssertOk();
        var blueprintId = (await CallAsHostAsync("dist", "add_blueprint", blueprint)).AssertOk()!.GetValue<string>();
        var serviceId = (await CallAsHostAsync("srv", "create", blueprintId)).AssertOk()!.GetValue<string>();
        (await CallAsHostAsync("srv", "add_alias", alias, serviceId)).AssertOk();
        return serviceId;
    }

    private async Task<FunctionOutcome> InstallSpellAsync(string alias) =>
        await CallAsHostAsync("spell", "install", "(null)", new JsonObject { ["greeting"] = "hello" }, SpellPeer.Clock(0), new JsonArray(alias));

    [Fact]
    public async Task A_call_by_a_spells_alias_reaches_the_spell_and_srv_resolves_the_alias()
    {
        var spellId = (await InstallSpellAsync("my-alias")).AssertOk()!.GetValue<string>();

        var read = await RunAsync("""
            (seq
                (call %init_peer_id% ("my-alias" "get_string") ["greeting"] got)
                (call %init_peer_id% ("probe" "record") [got]))
            """);
        Assert.True(read!["success"]!.GetValue<bool>());
        Assert.Equal("\"hello\"", read["value"]!.GetValue<string>());

        var resolved = await RunAsync("""
            (seq
                (call %init_peer_id% ("srv" "resolve_alias") ["my-alias"] id)
                (call %init_peer_id% ("probe" "record") [id]))
            """);
        Assert.Equal(spellId, resolved!.GetValue<string>());
    }

    [Fact]
    public async Task A_spell_alias_and_a_service_alias_never_collide_silently()
    {
        var serviceId = await CreateAppServiceAsync("taken-by-service");
        (await InstallSpellAsync("taken-by-spell")).AssertOk();

        var installError = (await InstallSpellAsync("taken-by-service")).AssertError();
        Assert.Contains("taken-by-service", installError);
        Assert.Contains(serviceId, installError);

        var aliasError = await RunAsync($"""
            (xor
                (call %init_peer_id% ("srv" "add_alias") ["taken-by-spell" "{serviceId}"])
                (call %init_peer_id% ("probe" "record") [%last_error%.$.message]))
            """);
        Assert.Contains("Cannot add alias 'taken-by-spell'", aliasError!.GetValue<string>());

        // Both still answer by their own alias.
        var spellAnswer = await RunAsync("""
            (seq
                (call %init_peer_id% ("taken-by-spell" "get_string") ["greeting"] got)
                (call %init_peer_id% ("probe" "record") [got.$.value]))
            """);
        Assert.Equal("\"hello\"", spellAnswer!.GetValue<string>());
        Assert.Equal(serviceId, (await CallAsHostAsync("srv", "resolve_alias", "taken-by-service")).AssertOk()!.GetValue<string>());
    }

    [Fact]
    public async Task Removing_a_spell_frees_its_alias()
    {
        var serviceId = await CreateAppServiceAsync("service");
        (await InstallSpellAsync("ephemeral")).AssertOk();

        (await CallAsHostAsync("spell", "remove", "ephemeral")).AssertOk();

        var after = await RunAsync("""
            (seq
                (call %init_peer_id% ("srv" "resolve_alias_opt") ["ephemeral"] id)
                (call %init_peer_id% ("probe" "record") [id]))
            """);
        Assert.Equal("[]", after!.ToJsonString());
        (await CallAsHostAsync("srv", "add_alias", "ephemeral", serviceId)).AssertOk();
        Assert.Equal(serviceId, (await CallAsHostAsync("srv", "resolve_alias", "ephemeral")).AssertOk()!.GetValue<string>());
    }

    [Fact]
    public async Task Srv_list_and_info_show_spells_as_services_of_type_spell()
    {
        var serviceId = await CreateAppServiceAsync("a-service");
        var spellId = (await InstallSpellAsync("a-spell")).AssertOk()!.GetValue<string>();

        var list = (await RunAsync("""
            (seq
                (call %init_peer_id% ("srv" "list") [] list)
                (call %init_peer_id% ("probe" "record") [list]))
            """))!.AsArray();
        Assert.Equal(new[] { serviceId, spellId }.Order(StringComparer.Ordinal), list.Select(s => s!["id"]!.GetValue<string>()));
        var spell = list.Single(s => s!["id"]!.GetValue<string>() == spellId)!;
        Assert.Equal("spell", spell["service_type"]!.GetValue<string>());
        Assert.Equal(_peer.PeerId.ToString(), spell["owner_id"]!.GetValue<string>());
        Assert.Equal(_peer.PeerId.ToString(), spell["worker_id"]!.GetValue<string>());
        Assert.Equal("""["a-spell"]""", spell["aliases"]!.ToJsonString());
        Assert.Equal("service", list.Single(s => s!["id"]!.GetValue<string>() == serviceId)!["service_type"]!.GetValue<string>());

        var info = (await CallAsHostAsync("srv", "info", "a-spell")).AssertOk()!;
        Assert.True(JsonNode.DeepEquals(spell, info), $"srv.info gave {info.ToJsonString()}, srv.list {spell.ToJsonString()}");
    }

    [Fact]
    public async Task Srv_remove_refuses_a_spell_which_spell_remove_then_removes()
    {
        var spellId = (await InstallSpellAsync("stays")).AssertOk()!.GetValue<string>();

        var refused = (await CallAsHostAsync("srv", "remove", "stays")).AssertError();
        Assert.Contains("spell.remove", refused);
        Assert.Equal(spellId, (await CallAsHostAsync("srv", "info", spellId)).AssertOk()!["id"]!.GetValue<string>());

        (await CallAsHostAsync("spell", "remove", spellId)).AssertOk();
        Assert.Contains("not found", (await CallAsHostAsync("srv", "info", spellId)).AssertError());
    }

    [Fact]
    public async Task Srv_add_alias_names_a_spell_but_never_takes_an_app_services_alias()
    {
        var serviceId = await CreateAppServiceAsync("held-by-service");
        var spellId = (await InstallSpellAsync("first-name")).AssertOk()!.GetValue<string>();

        (await CallAsHostAsync("srv", "add_alias", "second-name", spellId)).AssertOk();
        var read = await RunAsync("""
            (seq
                (call %init_peer_id% ("second-name" "get_string") ["greeting"] got)
                (call %init_peer_id% ("probe" "record") [got.$.value]))
            """);
        Assert.Equal("\"hello\"", read!.GetValue<string>());
        Assert.Equal(spellId, (await CallAsHostAsync("srv", "resolve_alias", "second-name")).AssertOk()!.GetValue<string>());

        var refused = (await CallAsHostAsync("srv", "add_alias", "held-by-service", spellId)).AssertError();
        Assert.Contains(serviceId, refused);
        Assert.Equal(serviceId, (await CallAsHostAsync("srv", "resolve_alias", "held-by-service")).AssertOk()!.GetValue<string>());
        Assert.Contains("is a service id", (await CallAsHostAsync("srv", "add_alias", serviceId, spellId)).AssertError());
    }

    [Fact]
    public async Task Concurrent_add_alias_for_a_spell_and_a_service_gives_the_alias_to_exactly_one()
    {
        var serviceId = await CreateAppServiceAsync("service-name");
        var spellId = (await InstallSpellAsync("spell-name")).AssertOk()!.GetValue<string>();
        for (int round = 0; round < 20; round++)
        {
            var alias = $"contested-{round}";
            var outcomes = await Task.WhenAll(
                Task.Run(() => CallAsHostAsync("srv", "add_alias", alias, serviceId)),
                Task.Run(() => CallAsHostAsync("srv", "add_alias", alias, spellId)));
            Assert.Single(outcomes, o => o is not FunctionOutcome.ErrorOutcome);
            var holder = outcomes[0] is FunctionOutcome.ErrorOutcome ? spellId : serviceId;
            var other = holder == serviceId ? spellId : serviceId;
            Assert.Equal(holder, (await CallAsHostAsync("srv", "resolve_alias", alias)).AssertOk()!.GetValue<string>());
            var otherAliases = (await CallAsHostAsync("srv", "info", other)).AssertOk()!["aliases"]!.AsArray().Select(a => a!.GetValue<string>());
            Assert.DoesNotContain(alias, otherAliases);
        }
    }

    /// <summary>Hands what a particle records to the test waiting for that particle.</summary>
    private sealed class Probe : IBuiltinService
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode?>> _waiting = new();

        public string ServiceId => "probe";

        public Task<JsonNode?> Expect(string particleId) =>
            _waiting.GetOrAdd(particleId, _ => new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
        {
            if (_waiting.TryGetValue(call.Context.Particle.Id, out var waiting))
                waiting.TrySetResult(call.Arguments.Count > 0 ? call.Arguments[0]?.DeepClone() : null);
            return ValueTask.FromResult(FunctionOutcome.Empty);
        }
    }
}
