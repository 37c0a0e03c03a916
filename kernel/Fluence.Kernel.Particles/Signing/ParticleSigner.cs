using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Signing;

/// <summary>Creates and signs particles: Ed25519 over <see cref="Particle.GetSignedBytes"/> with the originator's key.</summary>
public static class ParticleSigner
{
    /// <summary>A new particle originated by <paramref name="key"/>, with empty data (as js-client sends it).</summary>
    public static Particle Create(KeyPair key, string script, TimeSpan ttl, DateTimeOffset now, string? id = null)
    {
        var unsigned = new Particle(
            id ?? Guid.NewGuid().ToString(),
            key.PeerId.ToString(),
            (ulong)now.ToUnixTimeMilliseconds(),
            checked((uint)ttl.TotalMilliseconds),
            script,
            ReadOnlyMemory<byte>.Empty,
            ReadOnlyMemory<byte>.Empty);
        return Sign(unsigned, key);
    }

    /// <summary>Signs <paramref name="particle"/>; Nox refuses to sign for another init peer, and so do we.</summary>
    public static Particle Sign(Particle particle, KeyPair key)
    {
        if (particle.InitPeerId != key.PeerId.ToString())
            throw new InvalidOperationException($"cannot sign a particle of {particle.InitPeerId} with the key of {key.PeerId}");
        return particle with { Signature = key.Sign(particle.GetSignedBytes()) };
    }
}
