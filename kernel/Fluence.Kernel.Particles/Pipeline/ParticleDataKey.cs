using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Where a peer's prev_data lives: (particle id, current peer, signature), as Nox keys it since PR #2052.
/// <see cref="Signature"/> is the signature in base64 (cheap to make for every particle); <see cref="ToString"/>
/// spells the key as Nox names its files, with the signature in base58.
/// </summary>
public readonly record struct ParticleDataKey(string ParticleId, string PeerId, string Signature)
{
    public static ParticleDataKey For(Particle particle, PeerScope scope) =>
        new(particle.Id, scope.PeerId.ToString(), Convert.ToBase64String(particle.Signature.Span));

    public override string ToString() =>
        $"particle_{ParticleId}-peer_{PeerId}-sig_{Base58.Encode(Convert.FromBase64String(Signature))}";
}
