namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// Every plugin the peer could use: the embedded ones handed over by the distribution, and the folders under the
/// configured plugin paths that hold a <c>plugin.json</c>. Discovery reads manifests only; nothing is loaded.
/// </summary>
public sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginDescriptor> _byId;
    private readonly HashSet<string> _defaultIds;

    private PluginCatalog(IReadOnlyList<PluginDescriptor> plugins, IReadOnlyList<string> searchedFolders,
        IReadOnlyList<PluginDescriptor> overriddenEmbedded, HashSet<string> defaultIds)
    {
        Plugins = plugins;
        OverriddenEmbedded = overriddenEmbedded;
        SearchedFolders = searchedFolders;
        _defaultIds = defaultIds;
        _byId = plugins.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>Folder plugins first (in path order), then embedded ones.</summary>
    public IReadOnlyList<PluginDescriptor> Plugins { get; }

    /// <summary>Embedded plugins replaced by a plugin folder with the same id.</summary>
    public IReadOnlyList<PluginDescriptor> OverriddenEmbedded { get; }

    /// <summary>The plugin paths that were scanned, for "not found" messages.</summary>
    public IReadOnlyList<string> SearchedFolders { get; }

    public bool TryGet(string id, out PluginDescriptor plugin) => _byId.TryGetValue(id, out plugin!);

    /// <summary>A distribution default: an embedded default plugin, or the plugin folder that replaces one.</summary>
    public bool IsDefault(PluginDescriptor plugin) => _defaultIds.Contains(plugin.Id);

    /// <param name="pluginDirectories">The plugin paths to scan.</param>
    /// <param name="embeddedDefaults">Embedded plugins that fill their slots when configuration names no provider.</param>
    /// <param name="embeddedSelectable">Embedded plugins used only when configuration names them (a slot's alternatives).</param>
    /// <exception cref="PeerConfigurationException">A plugin path is missing, a manifest is malformed, or two plugins share an id.</exception>
    public static PluginCatalog Discover(IEnumerable<string> pluginDirectories, IEnumerable<Type> embeddedDefaults,
        IEnumerable<Type>? embeddedSelectable = null)
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
        foreach (var group in plugins.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add($"plugin id '{group.Key}' is declared by more than one plugin: {string.Join(" and ", group.Select(p => p.Source))}");
        var folderIds = plugins.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var overridden = new List<PluginDescriptor>();
        var defaultIds = new HashSet<string>(StringComparer.Ordinal);
        var defaults = embeddedDefaults.ToHashSet();
        foreach (var type in defaults.Concat(embeddedSelectable ?? []).Distinct())
        {
            try
            {
                var embedded = PluginDescriptor.Embedded(type);
                if (defaults.Contains(type))
                    defaultIds.Add(embedded.Id);
                // A plugin folder with an embedded plugin's id replaces it: that is how a distribution's default is
                // upgraded without rebuilding, and why artifacts/plugins (which mirrors every plugin) can be a plugin path.
                if (folderIds.Contains(embedded.Id))
                    overridden.Add(embedded);
                else if (plugins.Any(p => p.Id == embedded.Id))
                    errors.Add($"plugin id '{embedded.Id}' is declared by more than one embedded plugin");
                else
                    plugins.Add(embedded);
            }
            catch (PeerConfigurationException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        if (errors.Count > 0)
            throw new PeerConfigurationException(errors);
        return new PluginCatalog(plugins, searched, overridden, defaultIds);
    }
}
