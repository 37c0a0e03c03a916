namespace Fluence.Kernel.Plugins;

/// <summary>
/// What a plugin declares about itself in <c>plugin.json</c>, next to its assembly:
/// <code>
/// {
///   "id": "wasmtime",                                   // unique; what Peer:Slots names
///   "version": "1.0.0",
///   "assembly": "Fluence.Kernel.Plugins.Wasmtime.dll",  // relative to the plugin folder
///   "provides": ["runtime"],                            // slots it can fill
///   "requires": [],                                     // slots that must start before it
///   "configurationSection": "Wasmtime",                 // top-level section bound to its options
///   "abstractions": "1.0"                               // Fluence.Kernel.Abstractions version built against
/// }
/// </code>
/// Embedded plugins carry the same file as an embedded resource named <c>plugin.json</c>.
/// </summary>
public sealed record PluginManifest
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required string Assembly { get; init; }
    public IReadOnlyList<Slot> Provides { get; init; } = [];
    public IReadOnlyList<Slot> Requires { get; init; } = [];
    public string? ConfigurationSection { get; init; }
    public required Version Abstractions { get; init; }
    public string? Description { get; init; }
}
