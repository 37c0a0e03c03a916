using Fluence.Kernel.Plugins;
using Fluence.Kernel.Scheduling;

namespace Fluence.Kernel.Plugins.Scheduler;

/// <summary>Provides <see cref="IScheduler"/> with <see cref="TimeProviderScheduler"/>, configured by the <c>Scheduler</c> section.</summary>
public sealed class SchedulerPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<SchedulerOptions>();
        registrar.Provide<IScheduler, TimeProviderScheduler>();
    }
}
