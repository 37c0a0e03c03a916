using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Where a peer's prev_data lives: (particle id, current peer, signature), as Nox keys it since PR #2052.</summary>
public readonly record struct ParticleDataKey(string ParticleId, string PeerId, string Signature)
{
    public static ParticleDataKey For(Particle particle, PeerScope scope) =>
        new(particle.Id, scope.PeerId.ToString(), Base58.Encode(particle.Signature.Span));

    public override string ToString() => $"particle_{ParticleId}-peer_{PeerId}-sig_{Signature}";
}
