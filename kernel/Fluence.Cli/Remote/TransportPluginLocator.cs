using Fluence.Kernel.Host;
using Fluence.Kernel.Host.Plugins;

namespace Fluence.Cli.Remote;

/// <summary>
/// Finds the plugin folders <c>fluence run</c> loads its libp2p transport from. The tool does not compile the transport
/// in: like a peer, it loads the plugin from a plugin path — the ones given with <c>--plugin-path</c>, else the
/// <c>artifacts/plugins</c> a build of the repository fills (searched above the tool's folder, then above the current
/// folder), else a <c>plugins</c> folder shipped next to the tool.
/// </summary>
internal static class TransportPluginLocator
{
    public const string PluginId = "libp2p";

    /// <summary>The plugin roots to configure as <c>Peer:PluginPaths</c>.</summary>
    /// <exception cref="PeerConfigurationException">No given or default folder holds the libp2p plugin.</exception>
    public static IReadOnlyList<string> Locate(IReadOnlyList<string> explicitPaths)
    {
        if (explicitPaths.Count > 0)
        {
            var roots = explicitPaths.Select(p => Path.GetFullPath(p)).ToList();
            if (HoldsTransport(roots, out var error))
                return roots;
            throw new PeerConfigurationException(
                $"--plugin-path: the '{PluginId}' plugin is not in {string.Join(", ", roots)}{error} " +
                "(a plugin path is a folder of plugin folders, e.g. artifacts/plugins, one of which holds the libp2p plugin.json)");
        }
        var problems = new List<string>();
        foreach (var candidate in DefaultCandidates().Distinct(StringComparer.Ordinal))
        {
            if (HoldsTransport([candidate], out var error))
                return [candidate];
            problems.Add(error.Length > 0 ? $"{candidate}{error}" : $"not in {candidate}");
        }
        if (problems.Count == 0)
            problems.Add($"no artifacts/plugins above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}, no {Path.Combine(AppContext.BaseDirectory, "plugins")}");
        throw new PeerConfigurationException(
            $"the '{PluginId}' transport plugin was not found ({string.Join("; ", problems)}). " +
            "Build it with `dotnet build plugins/Fluence.Kernel.Plugins.Libp2p` (it lands in artifacts/plugins) " +
            "or pass --plugin-path <folder holding Fluence.Kernel.Plugins.Libp2p/>.");
    }

    private static IEnumerable<string> DefaultCandidates()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "artifacts", "plugins");
                if (Directory.Exists(candidate))
                {
                    yield return candidate;
                    break;
                }
            }
        }
        var shipped = Path.Combine(AppContext.BaseDirectory, "plugins");
        if (Directory.Exists(shipped))
            yield return shipped;
    }

    private static bool HoldsTransport(IReadOnlyList<string> roots, out string error)
    {
        error = "";
        try
        {
            return PluginCatalog.Discover(roots, []).TryGet(PluginId, out _);
        }
        catch (PeerConfigurationException ex)
        {
            error = $": {string.Join("; ", ex.Errors)}";
            return false;
        }
    }
}
