namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// Every plugin the peer could use: the embedded ones handed over by the distribution, and the folders under the
/// configured plugin paths that hold a <c>plugin.json</c>. Discovery reads manifests only; nothing is loaded.
/// </summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginDescriptor> _byId;

    private PluginCatalog(IReadOnlyList<PluginDescriptor> plugins, IReadOnlyList<string> searchedFolders)
    {
        Plugins = plugins;
        SearchedFolders = searchedFolders;
        _byId = plugins.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Folder plugins first (in path order), then embedded ones.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>The plugin paths that were scanned, for "not found" messages.</summary>
    public IReadOnlyList<string> SearchedFolders { get; }

    public bool TryGet(string id, out PluginDescriptor plugin) => _byId.TryGetValue(id, out plugin!);

    /// <exception cref="PeerConfigurationException">A plugin path is missing, a manifest is malformed, or two plugins share an id.</exception>
    public static PluginCatalog Discover(IEnumerable<string> pluginDirectories, IEnumerable<Type> embeddedPluginTypes)
    {
        var errors = new List<string>();
        var plugins = new List<PluginDescriptor>();
        var searched = new List<string>();
        foreach (var root in pluginDirectories.Distinct(StringComparer.Ordinal))
        {
            searched.Add(root);
            if (!Directory.Exists(root))
            {
                errors.Add($"Peer:PluginPaths: folder {root} does not exist");
                continue;
            }
            foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                var manifestPath = Path.Combine(folder, PluginManifestReader.FileName);
                if (!File.Exists(manifestPath))
                    continue;
                try
                {
                    plugins.Add(PluginDescriptor.FromFolder(PluginManifestReader.ReadFile(manifestPath), folder));
                }
                catch (PeerConfigurationException ex)
                {
                    errors.AddRange(ex.Errors);
                }
            }
        }
        foreach (var type in embeddedPluginTypes.Distinct())
        {
            try
            {
                plugins.Add(PluginDescriptor.Embedded(type));
            }
            catch (PeerConfigurationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        foreach (var group in plugins.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"plugin id '{group.Key}' is declared by more than one plugin: {string.Join(" and ", group.Select(p => p.Source))}");
        if (errors.Count > 0)
            throw new PeerConfigurationException(errors);
        return new PluginCatalog(plugins, searched);
    }
}
