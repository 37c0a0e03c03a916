using Fluence.Kernel.Identity;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Workers;

namespace Fluence.Kernel.Composition;

/// <summary>When a worker is removed, its app services and aliases go with it (its scope is the worker id).</summary>
public sealed class AppServiceScopeRemoval(AppServiceRegistry registry) : IWorkerRemovalHook
{
    public async ValueTask OnWorkerRemovedAsync(PeerId workerId, CancellationToken cancellationToken) =>
        await registry.RemoveScopeAsync(workerId.ToString(), cancellationToken).ConfigureAwait(false);
}
