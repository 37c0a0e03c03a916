using Fluence.Kernel.Plugins;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>A plugin the kernel knows about, before it is loaded: its manifest and where it comes from.</summary>
public sealed class PluginDescriptor
{
    private PluginDescriptor(PluginManifest manifest, string? folder, Type? embeddedType)
    {
        Manifest = manifest;
        Folder = folder;
        EmbeddedType = embeddedType;
    }

    public PluginManifest Manifest { get; }
    public string Id => Manifest.Id;

    /// <summary>The plugin folder; null for an embedded plugin.</summary>
    public string? Folder { get; }

    /// <summary>The <see cref="IFluencePlugin"/> type of an embedded plugin; null for a plugin folder.</summary>
    public Type? EmbeddedType { get; }

    public bool IsEmbedded => EmbeddedType is not null;

    /// <summary>The plugin's main assembly inside its folder (folder plugins only).</summary>
    public string? AssemblyPath => Folder is null ? null : Path.Combine(Folder, Manifest.Assembly);

    /// <summary>Where it comes from, for messages: the folder, or "embedded (assembly)".</summary>
    public string Source => Folder ?? $"embedded ({EmbeddedType!.Assembly.GetName().Name})";

    public static PluginDescriptor FromFolder(PluginManifest manifest, string folder) => new(manifest, folder, null);

    /// <summary>An embedded plugin: <paramref name="pluginType"/>'s assembly carries the manifest as resource <c>plugin.json</c>.</summary>
    /// <exception cref="PeerConfigurationException">The type is not a plugin or its manifest is missing or malformed.</exception>
    public static PluginDescriptor Embedded(Type pluginType)
    {
        if (!typeof(IFluencePlugin).IsAssignableFrom(pluginType) || pluginType.IsAbstract || pluginType.GetConstructor(Type.EmptyTypes) is null)
            throw new PeerConfigurationException($"embedded plugin type {pluginType.FullName} must be a concrete IFluencePlugin with a parameterless constructor");
        var assembly = pluginType.Assembly;
        using var stream = assembly.GetManifestResourceStream(PluginManifestReader.FileName)
            ?? throw new PeerConfigurationException($"embedded plugin {assembly.GetName().Name} has no embedded resource '{PluginManifestReader.FileName}'");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var manifest = PluginManifestReader.Read(buffer.ToArray(), $"{PluginManifestReader.FileName} embedded in {assembly.GetName().Name}");
        return new PluginDescriptor(manifest, null, pluginType);
    }

    public override string ToString() => $"{Id} {Manifest.Version} ({Source})";
}
