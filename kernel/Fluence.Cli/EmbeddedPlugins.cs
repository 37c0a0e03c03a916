using Fluence.Kernel.Host;
using Fluence.Kernel.Plugins.Air;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Plugins.Scheduler;
using Fluence.Kernel.Plugins.Wasmtime;

namespace Fluence.Cli;

/// <summary>
/// The plugins compiled into this distribution: the defaults that fill a slot when configuration names no other
/// provider, and the alternatives a configuration may choose instead. The one list to edit (with its
/// ProjectReference in Fluence.Cli.csproj) when a plugin is compiled in.
/// </summary>
internal static class EmbeddedPlugins
{
    /// <summary>One default per slot.</summary>
    public static IReadOnlyList<Type> Defaults { get; } =
    [
        typeof(LoopbackPlugin),
        typeof(WasmtimePlugin),
        typeof(AirPlugin),
        typeof(LocalStorePlugin),
        typeof(SchedulerPlugin),
    ];

    /// <summary>Used only when configuration names them: the real AquaVM (<c>Peer:Slots:interpreter = aquavm</c>).</summary>
    public static IReadOnlyList<Type> Selectable { get; } =
    [
        typeof(AquaVmPlugin),
    ];

    /// <summary>Adds the defaults and the selectable alternatives to a host.</summary>
    public static PeerHostBuilder AddDistributionPlugins(this PeerHostBuilder builder) =>
        builder.AddEmbeddedPlugins(Defaults).AddSelectablePlugins(Selectable);
}
