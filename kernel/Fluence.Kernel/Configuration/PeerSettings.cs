using Microsoft.Extensions.Configuration;

namespace Fluence.Kernel.Host.Configuration;

/// <summary>
/// The <c>Peer</c> section of <c>fluence.json</c>. Relative paths are resolved against <see cref="BaseDirectory"/>
/// (the folder of the configuration file).
/// </summary>
public sealed class PeerSettings
{
    public const string SectionName = "Peer";

    /// <summary>Where the peer keeps its files (secret key, plugin data). Default: <c>~/.fluence/kernel</c>.</summary>
    public string? DataDir { get; set; }

    /// <summary>Base64 Ed25519 seed of the host key; when absent the key is generated once and kept in the data dir.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Folders scanned for <c>&lt;dir&gt;/plugin.json</c>.</summary>
    public List<string> PluginPaths { get; set; } = [];

    /// <summary>Plugin ids enabled beyond the slot providers (plugins that only add builtins, or slot candidates).</summary>
    public List<string> Plugins { get; set; } = [];

    /// <summary>Slot name → plugin id. An explicit choice wins over inference.</summary>
    public Dictionary<string, string> Slots { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>OpenTelemetry exporters of the peer's traces and metrics.</summary>
    public TelemetrySettings Telemetry { get; set; } = new();

    /// <summary>The folder relative paths are resolved against.</summary>
    public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();

    public string DataDirectory => Path.GetFullPath(
        string.IsNullOrWhiteSpace(DataDir)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fluence", "kernel")
            : ExpandHome(DataDir),
        BaseDirectory);

    public IEnumerable<string> PluginDirectories => PluginPaths.Where(p => !string.IsNullOrWhiteSpace(p))
        .Select(p => Path.GetFullPath(ExpandHome(p), BaseDirectory));

    public static PeerSettings From(IConfiguration configuration, string baseDirectory)
    {
        var settings = new PeerSettings();
        configuration.GetSection(SectionName).Bind(settings);
        // Bind appends to list defaults and keeps the dictionary's comparer; rebuild the slots case-insensitively.
        settings.Slots = new Dictionary<string, string>(settings.Slots, StringComparer.OrdinalIgnoreCase);
        settings.BaseDirectory = Path.GetFullPath(baseDirectory);
        return settings;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
}
