using System.Numerics;
using System.Security.Cryptography;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Libp2p.Kademlia;

/// <summary>A point in the Kademlia key space: SHA-256 of a key's bytes (for peers, of the peer id multihash).</summary>
internal readonly struct KademliaKey : IEquatable<KademliaKey>
{
    private readonly byte[] _hash;

    private KademliaKey(byte[] hash) => _hash = hash;

    public static KademliaKey FromBytes(ReadOnlySpan<byte> key) => new(SHA256.HashData(key));
    public static KademliaKey FromPeer(PeerId peer) => FromBytes(peer.Bytes);

    /// <summary>XOR distance as a big-endian unsigned 256-bit number.</summary>
    public BigInteger DistanceTo(KademliaKey other)
    {
        Span<byte> xor = stackalloc byte[32];
        for (int i = 0; i < 32; i++)
            xor[i] = (byte)(_hash[i] ^ other._hash[i]);
        return new BigInteger(xor, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>The k-bucket <paramref name="other"/> falls in from here: 255 − leading zero bits of the distance; −1 for itself.</summary>
    public int BucketOf(KademliaKey other)
    {
        for (int i = 0; i < 32; i++)
        {
            int x = _hash[i] ^ other._hash[i];
            if (x != 0)
                return 255 - (i * 8 + BitOperations.LeadingZeroCount((uint)x) - 24);
        }
        return -1;
    }

    public bool Equals(KademliaKey other) => _hash.AsSpan().SequenceEqual(other._hash);
    public override bool Equals(object? obj) => obj is KademliaKey k && Equals(k);
    public override int GetHashCode() => BitConverter.ToInt32(_hash, 0);
}
