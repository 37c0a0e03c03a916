using Fluence.Kernel.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Fluence.Kernel.Plugins.Loopback;

/// <summary>Plugin <c>loopback</c>: provides the <c>transport</c> slot with <see cref="LoopbackTransport"/>.</summary>
public sealed class LoopbackPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<LoopbackOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.Network), "Loopback:Network must name a network")
            .Validate(o => o.Latency >= TimeSpan.Zero && o.Latency <= TimeSpan.FromMinutes(10), "Loopback:Latency must be between 0 and 10 minutes")
            .Validate(o => o.LossRate is >= 0 and <= 1, "Loopback:LossRate must be between 0 and 1")
            .Validate(o => o.InboundCapacity >= 1, "Loopback:InboundCapacity must be at least 1")
            .Validate(o => o.MaxFrameSize >= 64, "Loopback:MaxFrameSize must be at least 64 bytes");
        registrar.Services.TryAddSingleton<LoopbackTransport>();
        registrar.Provide<ITransport>(sp => sp.GetRequiredService<LoopbackTransport>());
    }
}
