namespace Fluence.Kernel.Runtime;

/// <summary>
/// Marine's per-module configuration (the JSON/TOML <c>TomlMarineNamedModuleConfig</c> shape that
/// <c>dist.make_module_config</c> builds). Mapped-dir host paths are relative to the service's working directory.
/// </summary>
public sealed record ModuleConfig
{
    public required string Name { get; init; }
    public bool LoggerEnabled { get; init; } = true;
    public int LoggingMask { get; init; } = int.MaxValue;
    public IReadOnlyDictionary<string, string> Envs { get; init; } = new Dictionary<string, string>();
    /// <summary>Guest path → host path (relative to the service directory; never escapes it).</summary>
    public IReadOnlyDictionary<string, string> MappedDirs { get; init; } = new Dictionary<string, string>();
    /// <summary>Import name → host executable. Refused unless the peer allows that binary for this module's CID.</summary>
    public IReadOnlyDictionary<string, string> MountedBinaries { get; init; } = new Dictionary<string, string>();
}
