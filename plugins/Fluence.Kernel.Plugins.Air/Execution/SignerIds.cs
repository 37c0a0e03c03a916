using System.Buffers.Binary;
using System.Collections.Concurrent;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The peer of each signature key met in one invocation, worked out once: checking the signatures, checking the merge
/// and choosing among signatures all ask for the same few keys, and each answer costs a base58 encoding (and, to
/// verify, a key import). Two layers: this invocation's own list, which keeps one answer per key for the whole
/// invocation, over a bounded process-wide cache that later invocations share (it may be emptied at any time).
/// </summary>
internal sealed class SignerIds
{
    // Few entries (one per signing peer), so a list compared by content: prev and current hold equal keys in
    // different arrays.
    private readonly List<(byte[] Key, PeerId Peer, string Text, bool Decodes)> _known = [];

    // Signers met by earlier invocations: a peer sees the same few keys over and over (its own, its neighbours'), so
    // their peer ids (with the verification key a PeerId imports once) are kept. Bounded: emptied when full.
    private static readonly ConcurrentDictionary<PublicKey32, (PeerId Peer, string Text, bool Decodes)> Seen = new();
    private const int MaxSeen = 4096;

    /// <summary>The signer of <paramref name="signature"/>, whose public key must be 33 bytes (format byte, key).</summary>
    public PeerId Of(PeerSignature signature) => Find(signature.PublicKey).Peer;

    /// <summary>The text of <see cref="Of"/>.</summary>
    public string TextOf(PeerSignature signature) => Find(signature.PublicKey).Text;

    /// <summary>Whether the key of <see cref="Of"/> is an Ed25519 point AquaVM can decode (kept with the peer id: it costs two modular powers).</summary>
    public bool Decodes(PeerSignature signature) => Find(signature.PublicKey).Decodes;

    private (byte[] Key, PeerId Peer, string Text, bool Decodes) Find(byte[] key)
    {
        foreach (var known in _known)
        {
            if (ReferenceEquals(known.Key, key) || known.Key.AsSpan().SequenceEqual(key))
                return known;
        }
        var (peer, text, decodes) = Signer(key.AsSpan(1));
        var entry = (key, peer, text, decodes);
        _known.Add(entry);
        return entry;
    }

    private static (PeerId Peer, string Text, bool Decodes) Signer(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != 32)
            return Made(publicKey);
        var key = new PublicKey32(publicKey);
        if (Seen.TryGetValue(key, out var seen))
            return seen;
        if (Seen.Count >= MaxSeen)
            Seen.Clear();
        return Seen.GetOrAdd(key, Made(publicKey));
    }

    private static (PeerId Peer, string Text, bool Decodes) Made(ReadOnlySpan<byte> publicKey)
    {
        var peer = PeerId.FromPublicKey(publicKey);
        return (peer, peer.ToString(), Ed25519PointCheck.CanDecompress(publicKey));
    }

    /// <summary>An Ed25519 public key as a dictionary key.</summary>
    private readonly record struct PublicKey32(ulong A, ulong B, ulong C, ulong D)
    {
        public PublicKey32(ReadOnlySpan<byte> key)
            : this(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(key[16..]), BinaryPrimitives.ReadUInt64LittleEndian(key[24..]))
        {
        }
    }
}
