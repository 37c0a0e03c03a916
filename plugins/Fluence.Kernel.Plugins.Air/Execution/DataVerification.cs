using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// What AquaVM checks in incoming data and how it signs outgoing data (aquavm.md §3.4–3.5): every CID recomputed,
/// every signature verified against the CIDs its peer produced, signature sets merged per peer, the current peer
/// re-signing its own CIDs.
/// </summary>
internal static class DataVerification
{
    /// <summary>Null when every key of every store is the CID of its value; otherwise the first mismatch.</summary>
    public static string? VerifyCids(InterpreterData data)
    {
        var info = data.CidInfo;
        foreach (var (key, value) in info.Values.Entries)
        {
            if (AquaCid.OfJsonBytes(value.Utf8.Span) != key.Value)
                return Mismatch("value", key);
        }
        foreach (var (key, value) in info.Tetraplets.Entries)
        {
            if (AquaCid.Of(value) != key.Value)
                return Mismatch("tetraplet", key);
        }
        foreach (var (key, value) in info.CanonElements.Entries)
        {
            if (AquaCid.Of(value) != key.Value)
                return Mismatch("canon element", key);
        }
        foreach (var (key, value) in info.CanonResults.Entries)
        {
            if (AquaCid.Of(value) != key.Value)
                return Mismatch("canon result", key);
        }
        foreach (var (key, value) in info.ServiceResults.Entries)
        {
            if (AquaCid.Of(value) != key.Value)
                return Mismatch("service result", key);
        }
        return null;
    }

    private static string Mismatch(string store, CidRef key) => $"{store} mismatch with its CID {key.Value}";

    /// <summary>Null when every signature holds and every peer that produced CIDs signed them.</summary>
    public static string? VerifySignatures(InterpreterData data, string particleId)
    {
        IReadOnlyDictionary<string, List<string>> byPeer;
        try
        {
            byPeer = DataSignatures.CidsByPeer(data);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        var signed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signature in data.Signatures)
        {
            if (signature.PublicKey is not [0x00, ..] || signature.PublicKey.Length != 33)
                return "malformed public key in the signatures";
            var peer = PeerId.FromPublicKey(signature.PublicKey.AsSpan(1)).ToString();
            var cids = byPeer.TryGetValue(peer, out var list) ? list : [];
            if (!DataSignatures.Verify(signature, cids, particleId, out _))
                return $"signature mismatch for peer {peer}";
            signed.Add(peer);
        }
        foreach (var peer in byPeer.Keys)
        {
            if (!signed.Contains(peer))
                return $"peer {peer} produced CIDs but did not sign them";
        }
        return null;
    }

    /// <summary>
    /// The output signatures: per peer the prev or current one covering more CIDs, then the current peer's new
    /// signature over every CID it produced in <paramref name="result"/> except <paramref name="unsigned"/>.
    /// </summary>
    public static List<PeerSignature> MergeSignatures(InterpreterData prev, InterpreterData current, InterpreterData result, KeyPair key, string particleId,
        IReadOnlyList<string> unsigned)
    {
        var me = key.PeerId.ToString();
        var chosen = new Dictionary<string, (PeerSignature Signature, int Count)>(StringComparer.Ordinal);
        void Offer(InterpreterData data)
        {
            if (data.Signatures.Count == 0)
                return;
            IReadOnlyDictionary<string, List<string>> byPeer;
            try
            {
                byPeer = DataSignatures.CidsByPeer(data);
            }
            catch (InvalidOperationException)
            {
                byPeer = new Dictionary<string, List<string>>();
            }
            foreach (var signature in data.Signatures)
            {
                if (signature.PublicKey.Length != 33)
                    continue;
                var peer = PeerId.FromPublicKey(signature.PublicKey.AsSpan(1)).ToString();
                var count = byPeer.TryGetValue(peer, out var list) ? list.Count : 0;
                if (!chosen.TryGetValue(peer, out var existing) || count > existing.Count)
                    chosen[peer] = (signature, count);
            }
        }
        Offer(prev);
        Offer(current);
        var mine = DataSignatures.CidsByPeer(result).TryGetValue(me, out var myCids) ? myCids : [];
        foreach (var cid in unsigned)
            mine.Remove(cid);
        chosen[me] = (DataSignatures.Sign(key, mine, particleId), mine.Count);
        return chosen.Values.Select(c => c.Signature).ToList();
    }
}
