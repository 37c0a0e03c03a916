using Fluence.Kernel.Composition;
using Fluence.Kernel.Host;

namespace Fluence.Cli;

/// <summary>
/// The kernel's own parts composed into this distribution after the plugins (particle pipeline, builtins, …):
/// the one list to edit (with its ProjectReference in Fluence.Cli.csproj) when a kernel assembly joins the peer.
/// Order matters: they start in this order and stop in reverse, and a later module's registration of a seam wins.
/// </summary>
internal static class KernelModules
{
    public static IReadOnlyList<IKernelModule> Create() =>
    [
        new ParticlePipelineModule(),
        new AppServicesModule(),
        new AquaIpfsModule(),
        new WorkersAndSpellsModule(),
    ];
}
