using System.Collections.Concurrent;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Imported signing keys by secret seed: importing an Ed25519 seed derives its public key (a scalar multiplication)
/// and its peer id (base58), which would otherwise be paid on every invocation. A peer signs with a handful of keys
/// (its own and its workers'); the cache is bounded and simply starts over when full. Evicted keys are not disposed
/// (another invocation may still be signing with one); their native handles are released by finalization.
/// </summary>
internal sealed class SigningKeyCache
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<byte[], KeyPair> _keys = new(SeedComparer.Instance);

    public SigningKeyCache(int capacity = 256) => _capacity = capacity;

    /// <summary>The key for a 32-byte seed (the caller checks the length).</summary>
    public KeyPair Get(ReadOnlySpan<byte> seed)
    {
        var lookup = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(seed, out var key))
            return key;
        if (_keys.Count >= _capacity)
            _keys.Clear();
        key = KeyPair.FromSeed(seed);
        return _keys.GetOrAdd(seed.ToArray(), key);
    }

    private sealed class SeedComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly SeedComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] seed) => GetHashCode(seed.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
