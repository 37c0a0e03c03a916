using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Plugins;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// Decides the peer's composition from the catalog and the <c>Peer</c> settings. A slot's provider is, in order:
/// the plugin named in <c>Peer:Slots:&lt;slot&gt;</c>; the single enabled plugin folder providing it; the single
/// distribution default providing it (an embedded default plugin, or a plugin folder with the same id replacing it;
/// embedded alternatives never compete, they are used only when named). Every problem is collected and reported at once, before anything is loaded.
/// </summary>
public static class PeerPlanner
{
    /// <summary>Slots a peer may run without (a peer without a chain is valid, as Nox with the chain disabled).</summary>
    public static IReadOnlySet<Slot> OptionalSlots { get; } = new HashSet<Slot> { Slot.Chain };

    /// <summary>The abstractions version this kernel was built with.</summary>
    public static Version HostAbstractionsVersion { get; } = typeof(IFluencePlugin).Assembly.GetName().Version!;

    /// <exception cref="PeerConfigurationException">The configuration cannot be satisfied.</exception>
    public static PeerPlan Plan(PluginCatalog catalog, PeerSettings settings)
    {
        var errors = new List<string>();
        var enabled = new List<PluginDescriptor>();
        var explicitChoices = new Dictionary<Slot, PluginDescriptor>();

        foreach (var (slotName, id) in settings.Slots)
        {
            var key = $"{PeerSettings.SectionName}:Slots:{slotName}";
            if (!SlotContracts.TryParse(slotName, out var slot))
            {
                errors.Add($"{key}: unknown slot '{slotName}' (known: {KnownSlots()})");
                continue;
            }
            if (string.IsNullOrWhiteSpace(id))
                continue;
            if (!catalog.TryGet(id.Trim(), out var plugin))
            {
                errors.Add($"{key}: {NotFound(catalog, id.Trim())}");
                continue;
            }
            if (!plugin.Manifest.Provides.Contains(slot))
            {
                errors.Add($"{key}: plugin '{plugin.Id}' ({plugin.Source}) does not provide slot '{SlotContracts.NameOf(slot)}' " +
                           $"(it provides: {Names(plugin.Manifest.Provides)})");
                continue;
            }
            explicitChoices[slot] = plugin;
            Enable(enabled, plugin);
        }
        foreach (var id in settings.Plugins.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()))
        {
            if (catalog.TryGet(id, out var plugin))
                Enable(enabled, plugin);
            else
                errors.Add($"{PeerSettings.SectionName}:Plugins: {NotFound(catalog, id)}");
        }

        var slots = new Dictionary<Slot, SlotAssignment>();
        foreach (var slot in SlotContracts.All)
        {
            var name = SlotContracts.NameOf(slot);
            var key = $"{PeerSettings.SectionName}:Slots:{name}";
            if (explicitChoices.TryGetValue(slot, out var chosen))
            {
                slots[slot] = new SlotAssignment(slot, chosen, SlotChoice.Configured);
                continue;
            }
            var folderCandidates = enabled.Where(p => !p.IsEmbedded && p.Manifest.Provides.Contains(slot)).ToList();
            var defaultCandidates = catalog.Plugins.Where(p => catalog.IsDefault(p) && p.Manifest.Provides.Contains(slot)).ToList();
            var (candidates, choice) = folderCandidates.Count > 0
                ? (folderCandidates, SlotChoice.Inferred)
                : (defaultCandidates, SlotChoice.Default);
            if (candidates.Count == 1)
            {
                slots[slot] = new SlotAssignment(slot, candidates[0], choice);
                Enable(enabled, candidates[0]);
            }
            else if (candidates.Count > 1)
            {
                errors.Add($"slot '{name}' has {candidates.Count} providers: {string.Join(" and ", candidates.Select(p => $"'{p.Id}' ({p.Source})"))}; " +
                           $"choose one with {key}");
            }
            else if (!OptionalSlots.Contains(slot))
            {
                var available = catalog.Plugins.Where(p => p.Manifest.Provides.Contains(slot)).Select(p => $"'{p.Id}'").ToList();
                errors.Add($"slot '{name}' has no provider: no enabled plugin and no default provides it; " +
                           $"set {key} to a plugin id" +
                           (available.Count > 0 ? $" (found: {string.Join(", ", available)})" : $" and add its folder to {PeerSettings.SectionName}:PluginPaths (searched: {Searched(catalog)})"));
            }
        }

        foreach (var plugin in enabled)
            CheckLoadable(plugin, errors);
        foreach (var plugin in enabled)
        {
            foreach (var required in plugin.Manifest.Requires.Where(r => !slots.ContainsKey(r)))
            {
                errors.Add($"plugin '{plugin.Id}' requires slot '{SlotContracts.NameOf(required)}', which nothing provides; " +
                           $"set {PeerSettings.SectionName}:Slots:{SlotContracts.NameOf(required)} or remove the plugin");
            }
        }
        if (errors.Count > 0)
            throw new PeerConfigurationException(errors);

        var order = StartOrder(enabled, slots, errors);
        if (errors.Count > 0)
            throw new PeerConfigurationException(errors);
        return new PeerPlan(slots, order);
    }

    /// <summary>The incompatibility of <paramref name="manifestVersion"/> with this kernel, or null when compatible.</summary>
    public static string? CheckAbstractionsVersion(Version manifestVersion)
    {
        var host = HostAbstractionsVersion;
        if (manifestVersion.Major == host.Major && manifestVersion.Minor <= host.Minor)
            return null;
        return $"it was built against Fluence.Kernel.Abstractions {manifestVersion.Major}.{manifestVersion.Minor}, " +
               $"but this kernel has {host.Major}.{host.Minor} (the major version must match and the minor must not be newer)";
    }

    private static void CheckLoadable(PluginDescriptor plugin, List<string> errors)
    {
        if (CheckAbstractionsVersion(plugin.Manifest.Abstractions) is { } incompatible)
            errors.Add($"plugin '{plugin.Id}' ({plugin.Source}) is incompatible: {incompatible}");
        if (plugin.AssemblyPath is { } path && !File.Exists(path))
            errors.Add($"plugin '{plugin.Id}' ({plugin.Source}): its assembly {plugin.Manifest.Assembly} is missing from the plugin folder");
    }

    /// <summary>
    /// Kahn's algorithm over "requires": a plugin starts after the providers of the slots it requires. Ties are
    /// broken by plugin id, so the order never depends on registration or discovery order.
    /// </summary>
    private static List<PluginDescriptor> StartOrder(List<PluginDescriptor> enabled, Dictionary<Slot, SlotAssignment> slots, List<string> errors)
    {
        var dependencies = enabled.ToDictionary(p => p, p => p.Manifest.Requires
            .Select(r => slots[r].Plugin).Where(d => d != p).Distinct().ToList());
        var remaining = new HashSet<PluginDescriptor>(enabled);
        var order = new List<PluginDescriptor>();
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(p => dependencies[p].All(d => !remaining.Contains(d)))
                .OrderBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault();
            if (ready is null)
            {
                errors.Add("cyclic requires: " + DescribeCycle(remaining, dependencies, slots));
                return order;
            }
            order.Add(ready);
            remaining.Remove(ready);
        }
        return order;
    }

    private static string DescribeCycle(HashSet<PluginDescriptor> remaining, Dictionary<PluginDescriptor, List<PluginDescriptor>> dependencies, Dictionary<Slot, SlotAssignment> slots)
    {
        // Walk dependencies inside the remaining set until a plugin repeats: that walk's tail is a cycle.
        var path = new List<PluginDescriptor>();
        var current = remaining.OrderBy(p => p.Id, StringComparer.Ordinal).First();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = dependencies[current].First(remaining.Contains);
        }
        var cycle = path.Skip(path.IndexOf(current)).Append(current).ToList();
        return string.Join(" → ", cycle.Select((p, i) => i + 1 < cycle.Count
            ? $"'{p.Id}' (requires {SlotContracts.NameOf(p.Manifest.Requires.First(r => slots[r].Plugin == cycle[i + 1]))})"
            : $"'{p.Id}'"));
    }

    private static void Enable(List<PluginDescriptor> enabled, PluginDescriptor plugin)
    {
        if (!enabled.Contains(plugin))
            enabled.Add(plugin);
    }

    private static string NotFound(PluginCatalog catalog, string id) =>
        $"plugin '{id}' not found; searched {Searched(catalog)} and the embedded plugins " +
        $"({(catalog.Plugins.Any(p => p.IsEmbedded) ? string.Join(", ", catalog.Plugins.Where(p => p.IsEmbedded).Select(p => p.Id)) : "none")})";

    private static string Searched(PluginCatalog catalog) =>
        catalog.SearchedFolders.Count == 0 ? "no plugin paths (Peer:PluginPaths is empty)" : string.Join(", ", catalog.SearchedFolders);

    private static string Names(IEnumerable<Slot> slots) => slots.Any() ? string.Join(", ", slots.Select(SlotContracts.NameOf)) : "nothing";

    private static string KnownSlots() => string.Join(", ", SlotContracts.All.Select(SlotContracts.NameOf));
}
