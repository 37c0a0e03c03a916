using System.ComponentModel.DataAnnotations;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Storage;

namespace Fluence.Kernel.TestPlugins;

public sealed class TestStoragePlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<TestStorageOptions>();
        registrar.Provide<IContentStore, MemoryContentStore>();
    }
}

public sealed class TestStorageOptions
{
    [Range(1, 1000)]
    public int Capacity { get; set; } = 10;
}
