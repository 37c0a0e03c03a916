using Fluence.Kernel.Testing;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Host.Plugins;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Scheduling;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fluence.Kernel.Tests;

[Collection(TestPluginsCollection.Name)]
public sealed class PeerStartTests(TestPluginsFixture plugins)
{
    private static readonly string[] AllSlotPlugins =
        ["TestPlugin.Storage", "TestPlugin.TransportA", "TestPlugin.TransportB", "TestPlugin.Runtime", "TestPlugin.Interpreter"];

    private const string CompletePeer = """
        {"Peer": {"Slots": {"transport": "transport-a"}, "Plugins": ["test-interpreter", "test-runtime", "test-storage"]}}
        """;

    [Fact]
    public async Task A_peer_with_every_required_slot_filled_starts_in_requires_order_and_stops_in_reverse()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        await using var peer = sandbox.Builder().Build();
        Assert.Empty(sandbox.LifecycleEvents);
        await peer.StartAsync(CancellationToken.None);
        var started = sandbox.LifecycleEvents;
        await peer.StopAsync(CancellationToken.None);

        // transport-a and test-runtime require storage; test-interpreter requires runtime.
        Assert.Equal(["start test-storage", "start test-runtime", "start test-interpreter", "start transport-a"], started);
        Assert.Equal(["stop transport-a", "stop test-interpreter", "stop test-runtime", "stop test-storage"], sandbox.LifecycleEvents.Skip(4));
    }

    [Fact]
    public void The_plan_names_the_provider_of_every_slot_and_how_it_was_chosen()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        var plan = sandbox.Builder().Plan();

        Assert.Equal(("transport-a", SlotChoice.Configured), Describe(plan, Slot.Transport));
        Assert.Equal(("test-storage", SlotChoice.Inferred), Describe(plan, Slot.Storage));
        Assert.Equal(("test-runtime", SlotChoice.Inferred), Describe(plan, Slot.Runtime));
        Assert.Equal(("test-interpreter", SlotChoice.Inferred), Describe(plan, Slot.Interpreter));
        Assert.Equal(("scheduler", SlotChoice.Default), Describe(plan, Slot.Scheduler));
        Assert.Null(plan.ProviderOf(Slot.Chain));
        Assert.True(plan.Slots[Slot.Scheduler].Plugin.IsEmbedded);
        Assert.Equal(sandbox.PluginFolder("TestPlugin.TransportA"), plan.Slots[Slot.Transport].Plugin.Folder);
    }

    [Fact]
    public async Task Every_slot_contract_resolves_to_its_chosen_provider()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        await using var peer = sandbox.Builder().Build();
        await peer.StartAsync(CancellationToken.None);

        var store = peer.Services.GetRequiredService<IContentStore>();
        var cid = await store.AddAsync(new MemoryStream("hello"u8.ToArray()), pin: true, CancellationToken.None);
        Assert.True(await store.HasAsync(cid, CancellationToken.None));
        Assert.Equal("TestPlugin.Storage", store.GetType().Assembly.GetName().Name);
        Assert.IsType<Fluence.Kernel.Plugins.Scheduler.TimeProviderScheduler>(peer.Services.GetRequiredService<IScheduler>());
        Assert.Null(peer.Services.GetService<Fluence.Kernel.Chain.IChain>());

        await peer.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("transport-a", "/ip4/127.0.0.1/tcp/1001/ws", "TestPlugin.TransportA")]
    [InlineData("transport-b", "/ip4/127.0.0.1/tcp/1002/ws", "TestPlugin.TransportB")]
    public async Task Changing_only_configuration_swaps_the_transport_plugin(string transport, string listenAddress, string assembly)
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer.Replace("\"transport-a\"", $"\"{transport}\""));

        await using var peer = sandbox.Builder().Build();
        await peer.StartAsync(CancellationToken.None);

        Assert.Equal(listenAddress, Assert.Single(peer.ListenAddresses).ToString());
        Assert.Equal(assembly, peer.Services.GetRequiredService<ITransport>().GetType().Assembly.GetName().Name);
        Assert.Equal(transport, peer.Plan.Slots[Slot.Transport].Plugin.Id);
        await peer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_command_line_override_beats_the_configuration_file()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        var plan = sandbox.Builder("--Peer:Slots:transport=transport-b").Plan();

        Assert.Equal("transport-b", plan.Slots[Slot.Transport].Plugin.Id);
    }

    [Fact]
    public async Task Two_plugins_use_different_versions_of_the_same_private_dependency_side_by_side()
    {
        using var sandbox = new PeerSandbox(plugins, [.. AllSlotPlugins, "TestPlugin.JsonOld", "TestPlugin.JsonNew"]);
        sandbox.Configure("""
            {"Peer": {"Slots": {"transport": "transport-b"}, "Plugins": ["test-interpreter", "test-runtime", "test-storage", "json-old", "json-new"]}}
            """);
        await using var peer = sandbox.Builder().Build();
        await peer.StartAsync(CancellationToken.None);

        var builtins = peer.Services.GetServices<IBuiltinService>().ToDictionary(b => b.ServiceId);
        var context = new ParticleContext(
            new Fluence.Kernel.Particles.Particle("p", peer.Environment.HostId.ToString(), 0, 1000, "(null)", default, default),
            peer.Environment.HostId, peer.Environment.HostId, sandbox.Root);

        async Task<string> Version(string service)
        {
            var outcome = await builtins[service].CallAsync(new ServiceCall(service, "version", [], [], context), CancellationToken.None);
            return Assert.IsType<FunctionOutcome.OkOutcome>(outcome).Value!.GetValue<string>();
        }

        Assert.Equal("12.0.0.0", await Version("json-old"));
        Assert.Equal("13.0.0.0", await Version("json-new"));
        var serialized = await builtins["json-old"].CallAsync(new ServiceCall("json-old", "serialize", [], [], context), CancellationToken.None);
        Assert.Equal("{\"answer\":42}", Assert.IsType<FunctionOutcome.OkOutcome>(serialized).Value!.GetValue<string>());
        // Each plugin got its own load context; the host's abstractions are shared by both.
        var contexts = builtins.Values.Select(b => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(b.GetType().Assembly)).Distinct().ToList();
        Assert.Equal(2, contexts.Count);
        Assert.DoesNotContain(System.Runtime.Loader.AssemblyLoadContext.Default, contexts);
        await peer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_host_key_is_generated_once_and_kept_in_the_data_dir()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        string first, second;
        await using (var peer = sandbox.Builder().Build())
            first = peer.Environment.HostId.ToString();
        await using (var peer = sandbox.Builder().Build())
            second = peer.Environment.HostId.ToString();

        Assert.Equal(first, second);
        var stored = Fluence.Kernel.Identity.KeyPair.FromBase64(File.ReadAllText(Path.Combine(sandbox.DataDirectory, "secret_key.ed25519")));
        Assert.Equal(first, stored.PeerId.ToString());
    }

    [Fact]
    public async Task A_configured_secret_key_sets_the_peer_id()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        await using var peer = sandbox.Builder("--Peer:SecretKey=7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=").Build();

        Assert.Equal("12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D", peer.Environment.HostId.ToString());
        Assert.Equal(Path.GetFullPath(sandbox.DataDirectory), peer.Environment.DataDirectory);
        Assert.False(File.Exists(Path.Combine(sandbox.DataDirectory, "secret_key.ed25519")));
    }

    [Fact]
    public async Task A_plugin_folder_with_an_embedded_plugins_id_replaces_the_embedded_one()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        // The scheduler plugin's own build output (assembly + plugin.json), as artifacts/plugins would hold it.
        var folder = Path.Combine(sandbox.PluginsDirectory, "Fluence.Kernel.Plugins.Scheduler");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fluence.Kernel.Plugins.Scheduler.dll"), Path.Combine(folder, "Fluence.Kernel.Plugins.Scheduler.dll"));
        // From the plugin's source folder: the CLI's other embedded plugins copy their own plugin.json next to the tests too.
        File.Copy(Path.Combine(RepoPaths.Root, "plugins", "Fluence.Kernel.Plugins.Scheduler", "plugin.json"), Path.Combine(folder, "plugin.json"));

        await using var peer = sandbox.Builder().Build();
        await peer.StartAsync(CancellationToken.None);

        Assert.Equal(folder, peer.Plan.Slots[Slot.Scheduler].Plugin.Folder);
        Assert.Equal(SlotChoice.Default, peer.Plan.Slots[Slot.Scheduler].Choice);
        var scheduler = peer.Services.GetRequiredService<IScheduler>();
        Assert.Equal("TimeProviderScheduler", scheduler.GetType().Name);
        // Loaded from the folder into its own context: not the host's copy of the type.
        Assert.NotEqual(typeof(Fluence.Kernel.Plugins.Scheduler.TimeProviderScheduler), scheduler.GetType());
        Assert.Equal(7, await scheduler.ExecuteAsync(_ => ValueTask.FromResult(7), CancellationToken.None));
        await peer.StopAsync(CancellationToken.None);
    }

    private static (string, SlotChoice) Describe(PeerPlan plan, Slot slot) => (plan.Slots[slot].Plugin.Id, plan.Slots[slot].Choice);
}
