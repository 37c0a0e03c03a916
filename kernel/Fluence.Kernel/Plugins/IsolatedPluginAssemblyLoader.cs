using System.Reflection;
using McMaster.NETCore.Plugins;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// <see cref="IPluginAssemblyLoader"/> on McMaster.NETCore.Plugins: one load context per plugin, resolving private
/// dependencies from the plugin folder's <c>.deps.json</c>, sharing only <see cref="PluginSharedTypes"/>.
/// </summary>
public sealed class IsolatedPluginAssemblyLoader : IPluginAssemblyLoader, IDisposable
{
    private readonly List<PluginLoader> _loaders = [];
    private readonly Lock _gate = new();

    public Assembly Load(string assemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(Path.GetFullPath(assemblyPath), [.. PluginSharedTypes.All], config =>
        {
            // The plugin's own copy of a dependency wins over the host's, except for the shared contracts.
            config.PreferSharedTypes = false;
        });
        lock (_gate)
            _loaders.Add(loader);
        return loader.LoadDefaultAssembly();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var loader in _loaders)
                loader.Dispose();
            _loaders.Clear();
        }
    }
}
