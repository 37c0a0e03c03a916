using Fluence.Kernel.Plugins;
using Fluence.Kernel.Storage;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>Declares an IPFS node (Kubo RPC API) as a provider of the storage slot.</summary>
public sealed class IpfsPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<IpfsOptions>()
            .Validate(o => KuboApiAddress.TryParse(o.ApiAddress, out _, out _), "Ipfs:ApiAddress must be a multiaddr like /ip4/127.0.0.1/tcp/5001 or an http(s) URL")
            .Validate(o => o.ConnectTimeout > TimeSpan.Zero && o.RequestTimeout > TimeSpan.Zero && o.BlockTimeout > TimeSpan.Zero, "Ipfs timeouts must be positive")
            .Validate(o => o.MaxRetries is >= 0 and <= 10, "Ipfs:MaxRetries must be between 0 and 10")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero, "Ipfs:RetryDelay must not be negative")
            .Validate(o => o.MaxFileSize > 0, "Ipfs:MaxFileSize must be positive");
        registrar.Provide<IContentStore, IpfsContentStore>();
    }
}
