using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The peer of each signature key met in one invocation, worked out once: checking the signatures, checking the merge
/// and choosing among signatures all ask for the same few keys, and each answer costs a base58 encoding (and, to
/// verify, a key import).
/// </summary>
internal sealed class SignerIds
{
    // Few entries (one per signing peer), so a list compared by content: prev and current hold equal keys in
    // different arrays.
    private readonly List<(byte[] Key, PeerId Peer, string Text)> _known = [];

    /// <summary>The signer of <paramref name="signature"/>, whose public key must be 33 bytes (format byte, key).</summary>
    public PeerId Of(PeerSignature signature) => Find(signature.PublicKey).Peer;

    /// <summary>The text of <see cref="Of"/>.</summary>
    public string TextOf(PeerSignature signature) => Find(signature.PublicKey).Text;

    private (byte[] Key, PeerId Peer, string Text) Find(byte[] key)
    {
        foreach (var known in _known)
        {
            if (ReferenceEquals(known.Key, key) || known.Key.AsSpan().SequenceEqual(key))
                return known;
        }
        var peer = PeerId.FromPublicKey(key.AsSpan(1));
        var entry = (key, peer, peer.ToString());
        _known.Add(entry);
        return entry;
    }
}
