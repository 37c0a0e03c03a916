using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// The local scopes of this peer. Next peers that are local scopes are re-ingested instead of sent. The host is the
/// only scope until workers exist; the workers issue registers its own implementation of this seam.
/// </summary>
public interface IPeerScopes
{
    PeerScope Host { get; }

    bool TryGetLocal(PeerId peer, [NotNullWhen(true)] out PeerScope? scope);

    /// <summary>
    /// Whether <paramref name="scope"/> takes <paramref name="particle"/> (Nox's worker-scope gate: an inactive worker
    /// takes particles only from the host or its manager). Scopes without such rules take every particle.
    /// </summary>
    bool Admits(PeerScope scope, Particle particle) => true;
}
