using System.Reflection;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// Loads a plugin folder's main assembly in isolation: the plugin's private dependencies stay private, and only the
/// contract assemblies (<see cref="PluginSharedTypes"/>) are shared with the host.
/// </summary>
public interface IPluginAssemblyLoader
{
    /// <param name="assemblyPath">Absolute path of the plugin's main assembly, inside its folder.</param>
    Assembly Load(string assemblyPath);
}
