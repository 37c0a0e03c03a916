using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.LocalStore.Tests;

internal static class LocalStoreFactory
{
    public static LocalContentStore Create(string dataDirectory, Action<LocalStoreOptions>? configure = null)
    {
        var options = new LocalStoreOptions();
        configure?.Invoke(options);
        return new LocalContentStore(Options.Create(options), new TestPeerEnvironment(dataDirectory), NullLogger<LocalContentStore>.Instance);
    }
}
