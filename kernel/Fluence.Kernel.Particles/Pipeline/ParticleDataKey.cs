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

    public bool Equals(ParticleDataKey other) =>
        string.Equals(Signature, other.Signature, StringComparison.Ordinal) &&
        string.Equals(ParticleId, other.ParticleId, StringComparison.Ordinal) &&
        string.Equals(PeerId, other.PeerId, StringComparison.Ordinal);

    // The signature alone tells particles apart (a peer's scopes share it only for copies of one particle): hashing the
    // id and the peer id too would triple the hashing on every read and write of prev_data.
    public override int GetHashCode() => Signature?.GetHashCode(StringComparison.Ordinal) ?? 0;

    public override string ToString() =>
        $"particle_{ParticleId}-peer_{PeerId}-sig_{Base58.Encode(Convert.FromBase64String(Signature))}";
}
