using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers;

/// <summary>
/// Called when a worker is removed, before its directory is deleted, so that each layer drops what it holds in the
/// worker's scope (the services layer its services and aliases, the sorcerer its spells). Register implementations in
/// the container; they run in registration order and a failure of one does not stop the others.
/// </summary>
public interface IWorkerRemovalHook
{
    ValueTask OnWorkerRemovedAsync(PeerId workerId, CancellationToken cancellationToken);
}
