using System.Collections.Concurrent;

namespace Fluence.Kernel.Particles.Signing;

/// <summary>
/// Remembers the particles whose signature one peer has verified, so that the copies coming back (the next pass of the
/// particle through this peer, a re-ingest into a local scope) are not verified again. A copy counts as verified only
/// when its signature, init peer id and every signed field are identical to the verified particle's; its data is not
/// signed and may differ. Expiry is checked every time. Bounded: emptied when full.
/// </summary>
public sealed class VerifiedParticleCache(int capacity = VerifiedParticleCache.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<ReadOnlyMemory<byte>, Particle> _verified = new(SignatureComparer.Instance);
    // ConcurrentDictionary.Count takes every bucket lock: an approximate count is enough to bound the cache.
    private int _count;

    public int Count => _verified.Count;

    /// <summary>The verdict of <see cref="ParticleVerifier.Check"/>, without the Ed25519 check for a particle seen before.</summary>
    public ParticleVerdict Check(Particle particle, DateTimeOffset now, out string? reason)
    {
        if (particle.IsExpired(now))
            return ParticleVerifier.Check(particle, now, out reason);
        if (_verified.TryGetValue(particle.Signature, out var known) && SignsTheSame(known, particle))
        {
            reason = null;
            return ParticleVerdict.Accepted;
        }
        var verdict = ParticleVerifier.CheckSignature(particle, out reason);
        if (verdict == ParticleVerdict.Accepted)
        {
            if (Volatile.Read(ref _count) >= capacity)
            {
                _verified.Clear();
                Volatile.Write(ref _count, 0);
            }
            // Without its data: the cache must not keep particle payloads alive.
            if (_verified.TryAdd(particle.Signature, particle with { Data = ReadOnlyMemory<byte>.Empty }))
                Interlocked.Increment(ref _count);
        }
        return verdict;
    }

    private static bool SignsTheSame(Particle a, Particle b) =>
        a.Timestamp == b.Timestamp && a.Ttl == b.Ttl &&
        string.Equals(a.Id, b.Id, StringComparison.Ordinal) &&
        string.Equals(a.InitPeerId, b.InitPeerId, StringComparison.Ordinal) &&
        string.Equals(a.Script, b.Script, StringComparison.Ordinal) &&
        a.Signature.Span.SequenceEqual(b.Signature.Span);

    private sealed class SignatureComparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static SignatureComparer Instance { get; } = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj.Span);
            return hash.ToHashCode();
        }
    }
}
