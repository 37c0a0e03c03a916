using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Imported signing keys by secret seed: importing an Ed25519 seed derives its public key (a scalar multiplication)
/// and its peer id (base58), which would otherwise be paid on every invocation. A peer signs with a handful of keys
/// (its own and its workers'); the cache is bounded and simply starts over when full. Evicted keys are not disposed
/// (another invocation may still be signing with one); their native handles are released by finalization. Each key
/// carries its <see cref="Ed25519ExpandedKey"/> (what <see cref="Ed25519Signer"/> signs with), expanded when the
/// key is cached and living exactly as long as the key.
/// </summary>
internal sealed class SigningKeyCache
{
    private static readonly ConditionalWeakTable<KeyPair, Ed25519ExpandedKey> Expanded = new();

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
        key = _keys.GetOrAdd(seed.ToArray(), key);
        ExpandedKeyOf(key);
        return key;
    }

    /// <summary>The expanded signing key of <paramref name="key"/>, made on first use for a key this cache did not make.</summary>
    public static Ed25519ExpandedKey ExpandedKeyOf(KeyPair key) =>
        Expanded.TryGetValue(key, out var expanded) ? expanded : Expanded.GetValue(key, static k => new Ed25519ExpandedKey(k.Seed));

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
