using Fluence.Kernel.Hosting;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.TestPlugins;

public sealed class TransportAPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar) =>
        registrar.Provide<ITransport>(sp => new TestTransport((IPeerEnvironment)sp.GetService(typeof(IPeerEnvironment))!, "transport-a", 1001));
}
