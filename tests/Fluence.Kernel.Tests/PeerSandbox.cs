using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Host;
using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Plugins.Scheduler;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Tests;

/// <summary>
/// A peer's world in a temp folder: a plugins folder with copies of chosen test plugins (their manifests editable),
/// a data dir, and a <c>fluence.json</c> written from a JSON object.
/// </summary>
public sealed class PeerSandbox : IDisposable
{
    public const string LifecycleLog = "lifecycle.log";

    private readonly TempDirectory _dir = new("fluence-kernel");
    private readonly TestPluginsFixture _plugins;

    public PeerSandbox(TestPluginsFixture plugins, params string[] projects)
    {
        _plugins = plugins;
        Directory.CreateDirectory(PluginsDirectory);
        foreach (var project in projects)
            AddPlugin(project);
    }

    public string Root => _dir.Path;
    public string PluginsDirectory => _dir.Combine("plugins");
    public string DataDirectory => _dir.Combine("data");
    public string ConfigFile => _dir.Combine("fluence.json");

    public string PluginFolder(string project) => Path.Combine(PluginsDirectory, project);

    public void AddPlugin(string project)
    {
        var source = _plugins.PluginFolder(project);
        var target = PluginFolder(project);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
    }

    public void EditManifest(string project, Action<JsonObject> edit)
    {
        var path = Path.Combine(PluginFolder(project), "plugin.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(manifest);
        File.WriteAllText(path, manifest.ToJsonString());
    }

    /// <summary>Writes fluence.json: <c>Peer.DataDir</c> and <c>Peer.PluginPaths</c> are filled in unless given.</summary>
    public void Configure(string json)
    {
        var config = JsonNode.Parse(json)!.AsObject();
        var peer = config["Peer"] as JsonObject ?? new JsonObject();
        config["Peer"] = peer;
        peer["DataDir"] ??= "data";
        peer["PluginPaths"] ??= new JsonArray("plugins");
        File.WriteAllText(ConfigFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public PeerHostBuilder Builder(params string[] overrides) =>
        new PeerHostBuilder(FluenceConfiguration.Load(ConfigFile, overrides), Root)
            .AddEmbeddedPlugins([typeof(SchedulerPlugin)])
            .ConfigureLogging(_ => { });

    public IReadOnlyList<string> LifecycleEvents =>
        File.Exists(Path.Combine(DataDirectory, LifecycleLog))
            ? File.ReadAllLines(Path.Combine(DataDirectory, LifecycleLog)).Where(l => l.Length > 0).ToList()
            : [];

    public void Dispose() => _dir.Dispose();
}
