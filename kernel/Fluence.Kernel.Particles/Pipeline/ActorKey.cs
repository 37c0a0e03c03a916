using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>One actor per (scope, particle signature): copies of a particle share it, different particles never do.</summary>
internal readonly record struct ActorKey(PeerId Scope, string Signature)
{
    public static ActorKey For(Particle particle, PeerScope scope) => new(scope.PeerId, Convert.ToBase64String(particle.Signature.Span));
}
