using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Signing;

/// <summary>
/// The intake checks of Nox's plumber: not past <c>timestamp + ttl</c>, an Ed25519 <c>init_peer_id</c>, and a valid
/// signature by that key.
/// </summary>
public static class ParticleVerifier
{
    public static ParticleVerdict Check(Particle particle, DateTimeOffset now, out string? reason)
    {
        if (particle.IsExpired(now))
        {
            reason = $"expired at {particle.Deadline} (now {now.ToUnixTimeMilliseconds()})";
            return ParticleVerdict.Expired;
        }
        return CheckSignature(particle, out reason);
    }

    public static ParticleVerdict CheckSignature(Particle particle, out string? reason)
    {
        if (!PeerIdCache.TryParse(particle.InitPeerId, out var initPeer, out var error))
        {
            reason = error;
            return ParticleVerdict.UnverifiablePeerId;
        }
        if (!initPeer.Verify(particle.GetSignedBytes(), particle.Signature.Span))
        {
            reason = $"signature does not verify with the key of {initPeer}";
            return ParticleVerdict.BadSignature;
        }
        reason = null;
        return ParticleVerdict.Accepted;
    }
}
