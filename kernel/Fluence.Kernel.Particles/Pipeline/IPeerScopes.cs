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
}
