using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>A peer without workers: the host is its one scope.</summary>
public sealed class HostOnlyScopes(IPeerEnvironment environment) : IPeerScopes
{
    public PeerScope Host { get; } = new(environment.HostKey.PeerId, environment.HostKey, IsHost: true);

    public bool TryGetLocal(PeerId peer, [NotNullWhen(true)] out PeerScope? scope)
    {
        scope = peer == Host.PeerId ? Host : null;
        return scope is not null;
    }
}
