using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Workers.Scopes;

namespace Fluence.Kernel.Workers.Pipeline;

/// <summary>
/// The pipeline's view of the local scopes: the host and every worker of the registry, each with its own key (so
/// AquaVM runs a worker's particles as <c>current_peer_id</c> = the worker, signing with the worker's key).
/// </summary>
public sealed class PipelineScopes(IScopeResolver scopes) : IPeerScopes
{
    private readonly ConcurrentDictionary<PeerId, PeerScope> _workers = new();

    public PeerScope Host { get; } = new(scopes.HostId, scopes.GetKeyPair(scopes.HostId)!, IsHost: true);

    public bool TryGetLocal(PeerId peer, [NotNullWhen(true)] out PeerScope? scope)
    {
        if (peer == Host.PeerId)
        {
            scope = Host;
            return true;
        }
        if (scopes.IsWorker(peer) && scopes.GetKeyPair(peer) is { } key)
        {
            scope = _workers.GetOrAdd(peer, _ => new PeerScope(peer, key, IsHost: false));
            return true;
        }
        // A removed worker's scope is forgotten with it.
        _workers.TryRemove(peer, out _);
        scope = null;
        return false;
    }

    /// <summary>The worker-scope gate: an inactive worker takes particles only from the host or the manager.</summary>
    public bool Admits(PeerScope scope, Particle particle)
    {
        if (scope.IsHost)
            return true;
        // The init peer id was verified against the signature before this gate, so a parse failure means a stranger.
        if (!PeerId.TryParse(particle.InitPeerId, out var initPeerId, out _))
            return false;
        return scopes.Admit(scope.PeerId, initPeerId) == ScopeAdmission.Accepted;
    }
}
