using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Pipeline;

namespace Fluence.Kernel.Particles.Client;

internal sealed class ClientScopes(KeyPair key) : IPeerScopes
{
    public PeerScope Host { get; } = new(key.PeerId, key, IsHost: true);

    public bool TryGetLocal(PeerId peer, [NotNullWhen(true)] out PeerScope? scope)
    {
        scope = peer == Host.PeerId ? Host : null;
        return scope is not null;
    }
}
