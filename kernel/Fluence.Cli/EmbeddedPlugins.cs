using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Plugins.Scheduler;
using Fluence.Kernel.Plugins.Wasmtime;

namespace Fluence.Cli;

/// <summary>
/// The plugins compiled into this distribution: the defaults that fill a slot when configuration names no other
/// provider. The one list to edit (with its ProjectReference in Fluence.Cli.csproj) when a default is added.
/// </summary>
internal static class EmbeddedPlugins
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(LoopbackPlugin),
        typeof(WasmtimePlugin),
        typeof(AquaVmPlugin),
        typeof(LocalStorePlugin),
        typeof(SchedulerPlugin),
    ];
}
