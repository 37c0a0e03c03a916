using System.Text.Json.Nodes;
using Fluence.Kernel.Host;
using Xunit;

namespace Fluence.Kernel.Tests;

/// <summary>Every configuration error is reported, specifically, before any plugin starts.</summary>
[Collection(TestPluginsCollection.Name)]
public sealed class PeerConfigurationErrorTests(TestPluginsFixture plugins)
{
    private static readonly string[] AllSlotPlugins =
        ["TestPlugin.Storage", "TestPlugin.TransportA", "TestPlugin.TransportB", "TestPlugin.Runtime", "TestPlugin.Interpreter"];

    private const string CompletePeer = """
        {"Peer": {"Slots": {"transport": "transport-a"}, "Plugins": ["test-interpreter", "test-runtime", "test-storage"]}}
        """;

    [Fact]
    public void A_slot_without_a_provider_is_reported_with_the_key_to_set()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure("""{"Peer": {"Slots": {"transport": "transport-a"}, "Plugins": ["test-interpreter", "test-storage"]}}""");

        var error = Fails(sandbox);

        Assert.Contains("slot 'runtime' has no provider", error);
        Assert.Contains("Peer:Slots:runtime", error);
        Assert.Contains("'test-runtime'", error);
    }

    [Fact]
    public void A_slot_with_two_enabled_providers_names_both_and_the_key_to_set()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure("""{"Peer": {"Plugins": ["transport-a", "transport-b", "test-interpreter", "test-runtime", "test-storage"]}}""");

        var error = Fails(sandbox);

        Assert.Contains("slot 'transport' has 2 providers: 'transport-a'", error);
        Assert.Contains("and 'transport-b'", error);
        Assert.Contains("choose one with Peer:Slots:transport", error);
    }

    [Fact]
    public void A_plugin_id_not_in_the_plugin_paths_is_reported_with_where_the_kernel_looked()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer.Replace("\"transport-a\"", "\"libp2p\""));

        var error = Fails(sandbox);

        Assert.Contains("Peer:Slots:transport: plugin 'libp2p' not found", error);
        Assert.Contains(sandbox.PluginsDirectory, error);
        Assert.Contains("embedded plugins (scheduler)", error);
    }

    [Fact]
    public void A_missing_plugin_path_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure("""{"Peer": {"PluginPaths": ["plugins", "nowhere"], "Slots": {"transport": "transport-a"}, "Plugins": ["test-interpreter", "test-runtime", "test-storage"]}}""");

        Assert.Contains($"Peer:PluginPaths: folder {Path.Combine(sandbox.Root, "nowhere")} does not exist", Fails(sandbox));
    }

    [Fact]
    public void A_plugin_folder_without_its_assembly_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        File.Delete(Path.Combine(sandbox.PluginFolder("TestPlugin.TransportA"), "TestPlugin.TransportA.dll"));

        var error = Fails(sandbox);

        Assert.Contains($"plugin 'transport-a' ({sandbox.PluginFolder("TestPlugin.TransportA")}): its assembly TestPlugin.TransportA.dll is missing", error);
    }

    [Theory]
    [InlineData("{ \"id\": ", "not valid JSON")]
    [InlineData("[]", "the manifest must be a JSON object")]
    [InlineData("""{"version":"1.0.0","assembly":"X.dll","abstractions":"1.0"}""", "'id' is missing")]
    [InlineData("""{"id":"x","version":"1.0.0","assembly":"X.dll","abstractions":"1.0","provides":["trasnport"]}""", "'provides' lists unknown slot 'trasnport'")]
    [InlineData("""{"id":"x","version":"1.0.0","assembly":"X.dll","abstractions":"one"}""", "'abstractions' 'one' must be a major.minor version")]
    [InlineData("""{"id":"x","version":"1.0.0","assembly":"../X.dll","abstractions":"1.0"}""", "'assembly' '../X.dll' must be a path inside the plugin folder")]
    [InlineData("""{"id":"x","version":"1.0.0","assembly":"X.dll","abstractions":"1.0","requires":"storage"}""", "'requires' must be an array of slot names")]
    [InlineData("""{"id":"X Y","version":"1.0.0","assembly":"X.dll","abstractions":"1.0"}""", "'id' 'X Y' must be lower-case")]
    [InlineData("""{"id":"x","version":"1.0.0","assembly":"X.dll","abstractions":"1.0","provide":["storage"]}""", "unknown property 'provide'")]
    public void A_malformed_manifest_is_reported_with_its_path_and_what_is_wrong(string manifest, string expected)
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        var path = Path.Combine(sandbox.PluginFolder("TestPlugin.TransportB"), "plugin.json");
        File.WriteAllText(path, manifest);

        var error = Fails(sandbox);

        Assert.Contains($"malformed plugin manifest {path}: {expected}", error);
    }

    [Theory]
    [InlineData("2.0", "built against Fluence.Kernel.Abstractions 2.0, but this kernel has 1.0")]
    [InlineData("0.9", "built against Fluence.Kernel.Abstractions 0.9, but this kernel has 1.0")]
    [InlineData("1.5", "built against Fluence.Kernel.Abstractions 1.5, but this kernel has 1.0")]
    public void A_plugin_built_against_incompatible_abstractions_is_reported(string version, string expected)
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        sandbox.EditManifest("TestPlugin.Storage", m => m["abstractions"] = version);

        var error = Fails(sandbox);

        Assert.Contains($"plugin 'test-storage' ({sandbox.PluginFolder("TestPlugin.Storage")}) is incompatible: it was {expected}", error);
    }

    [Fact]
    public void A_manifest_providing_a_slot_the_plugin_never_provides_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        sandbox.EditManifest("TestPlugin.Storage", m => m["provides"] = new JsonArray("storage", "chain"));

        var error = Fails(sandbox);

        Assert.Contains("plugin 'test-storage'", error);
        Assert.Contains("lists slot 'chain' in 'provides' but never calls Provide<IChain>", error);
        Assert.Empty(sandbox.LifecycleEvents);
    }

    [Fact]
    public void A_plugin_providing_a_slot_its_manifest_does_not_list_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure("""{"Peer": {"Slots": {"transport": "transport-a"}, "Plugins": ["test-interpreter", "test-runtime", "test-storage", "transport-b"]}}""");
        sandbox.EditManifest("TestPlugin.TransportB", m => m["provides"] = new JsonArray());

        var error = Fails(sandbox);

        Assert.Contains("plugin 'transport-b'", error);
        Assert.Contains("calls Provide<ITransport> but does not list 'transport' in its manifest's 'provides'", error);
    }

    [Fact]
    public void A_slot_choice_naming_a_plugin_that_does_not_provide_it_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer.Replace("\"transport-a\"", "\"test-storage\""));

        Assert.Contains("Peer:Slots:transport: plugin 'test-storage'", Fails(sandbox));
        Assert.Contains("does not provide slot 'transport' (it provides: storage)", Fails(sandbox));
    }

    [Fact]
    public void An_unknown_slot_name_in_configuration_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure("""{"Peer": {"Slots": {"transport": "transport-a", "trasnport": "transport-b"}, "Plugins": ["test-interpreter", "test-runtime", "test-storage"]}}""");

        Assert.Contains("Peer:Slots:trasnport: unknown slot 'trasnport'", Fails(sandbox));
    }

    [Theory]
    [InlineData("0", "TestStorage:Capacity: The field Capacity must be between 1 and 1000.")]
    [InlineData("abc", "TestStorage:Capacity: 'abc' is not a valid Int32")]
    public void An_invalid_plugin_option_is_reported_with_its_key_before_anything_starts(string value, string expected)
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        var error = Fails(sandbox, $"--TestStorage:Capacity={value}");

        Assert.Contains(expected, error);
        Assert.Empty(sandbox.LifecycleEvents);
    }

    [Fact]
    public void An_invalid_option_of_an_embedded_plugin_is_reported_with_its_key()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        Assert.Contains("Scheduler:MaxConcurrency: The field MaxConcurrency must be between 1 and 65536.", Fails(sandbox, "--Scheduler:MaxConcurrency=0"));
    }

    [Fact]
    public void Cyclic_requires_are_reported_with_the_cycle()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        sandbox.EditManifest("TestPlugin.Storage", m => m["requires"] = new JsonArray("interpreter"));

        var error = Fails(sandbox);

        Assert.Contains("cyclic requires: ", error);
        Assert.Contains("'test-interpreter' (requires runtime) → 'test-runtime' (requires storage) → 'test-storage' (requires interpreter) → 'test-interpreter'", error);
    }

    [Fact]
    public void A_provider_whose_requires_cannot_be_met_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        sandbox.EditManifest("TestPlugin.Runtime", m => m["requires"] = new JsonArray("storage", "chain"));

        Assert.Contains("plugin 'test-runtime' requires slot 'chain', which nothing provides", Fails(sandbox));
    }

    [Fact]
    public void An_invalid_configured_secret_key_is_reported_with_its_key()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        Assert.Contains("Peer:SecretKey: an Ed25519 secret key is a 32-byte seed, got 3 bytes", Fails(sandbox, "--Peer:SecretKey=AAAA"));
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure("""{"Peer": {"Slots": {"transport": "nope"}, "Plugins": ["missing"]}}""");

        var exception = Assert.Throws<PeerConfigurationException>(() => sandbox.Builder().Build());

        Assert.True(exception.Errors.Count >= 4, exception.Message);
        Assert.Contains(exception.Errors, e => e.StartsWith("Peer:Slots:transport: plugin 'nope' not found"));
        Assert.Contains(exception.Errors, e => e.StartsWith("Peer:Plugins: plugin 'missing' not found"));
        Assert.Contains(exception.Errors, e => e.StartsWith("slot 'storage' has no provider"));
    }

    [Fact]
    public void Two_plugin_folders_with_the_same_id_are_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        var copy = Path.Combine(sandbox.PluginsDirectory, "transport-a-copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(sandbox.PluginFolder("TestPlugin.TransportA")))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));

        Assert.Contains($"plugin id 'transport-a' is declared by more than one plugin: {sandbox.PluginFolder("TestPlugin.TransportA")} and {copy}", Fails(sandbox));
    }

    [Fact]
    public void A_configuration_file_that_is_not_json_is_reported_with_its_path()
    {
        using var sandbox = new PeerSandbox(plugins);
        File.WriteAllText(sandbox.ConfigFile, "{\"Peer\": {");

        var error = Assert.Throws<PeerConfigurationException>(() => Fluence.Kernel.Host.Configuration.FluenceConfiguration.Load(sandbox.ConfigFile)).Message;

        Assert.Contains($"configuration file {sandbox.ConfigFile} is not valid JSON", error);
    }

    [Fact]
    public void A_missing_configuration_file_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins);

        var error = Assert.Throws<PeerConfigurationException>(() => Fluence.Kernel.Host.Configuration.FluenceConfiguration.Load(sandbox.ConfigFile)).Message;

        Assert.Contains($"configuration file {sandbox.ConfigFile} does not exist", error);
    }

    [Fact]
    public void A_manifest_that_provides_and_requires_the_same_slot_is_reported()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        sandbox.EditManifest("TestPlugin.Storage", m => m["requires"] = new JsonArray("storage"));

        Assert.Contains("slot 'storage' is both provided and required", Fails(sandbox));
    }

    private static string Fails(PeerSandbox sandbox, params string[] overrides) =>
        Assert.Throws<PeerConfigurationException>(() =>
        {
            var peer = sandbox.Builder(overrides).Build();
            peer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }).Message;
}
