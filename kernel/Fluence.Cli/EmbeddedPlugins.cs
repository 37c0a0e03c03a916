using Fluence.Kernel.Plugins.Scheduler;

namespace Fluence.Cli;

/// <summary>
/// The plugins compiled into this distribution: the defaults that fill a slot when configuration names no other
/// provider. The one list to edit (with its ProjectReference in Fluence.Cli.csproj) when a default is added.
/// </summary>
internal static class EmbeddedPlugins
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(SchedulerPlugin),
    ];
}
