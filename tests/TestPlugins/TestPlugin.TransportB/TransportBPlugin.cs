using Fluence.Kernel.Hosting;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.TestPlugins;

public sealed class TransportBPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar) =>
        registrar.Provide<ITransport>(sp => new TestTransport((IPeerEnvironment)sp.GetService(typeof(IPeerEnvironment))!, "transport-b", 1002));
}
