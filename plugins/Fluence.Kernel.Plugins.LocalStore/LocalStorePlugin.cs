using Fluence.Kernel.Plugins;
using Fluence.Kernel.Storage;

namespace Fluence.Kernel.Plugins.LocalStore;

/// <summary>Declares the local store as a provider of the storage slot.</summary>
public sealed class LocalStorePlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<LocalStoreOptions>()
            .Validate(o => o.MaxFileSize > 0, "LocalStore:MaxFileSize must be positive")
            .Validate(o => o.Directory is null || o.Directory.Trim().Length > 0, "LocalStore:Directory must not be blank");
        registrar.Provide<IContentStore, LocalContentStore>();
    }
}
