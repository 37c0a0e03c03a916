using Fluence.Kernel.Hosting;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>The <c>libp2p</c> plugin: provides the transport slot with <see cref="Libp2pTransport"/>.</summary>
public sealed class Libp2pPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<Libp2pOptions>();
        registrar.Services.AddSingleton<IPostConfigureOptions<Libp2pOptions>>(new EmptyListenAddresses(registrar.Configuration));
        registrar.Services.AddSingleton<IValidateOptions<Libp2pOptions>, Libp2pOptionsValidator>();
        registrar.Services.AddSingleton<Libp2pTransport>();
        registrar.Services.AddSingleton<IPeerLifecycle>(sp => sp.GetRequiredService<Libp2pTransport>());
        registrar.Provide<ITransport>(sp => sp.GetRequiredService<Libp2pTransport>());
    }
}
