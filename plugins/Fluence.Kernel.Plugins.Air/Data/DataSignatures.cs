using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Per-peer signatures of InterpreterData (aquavm.md §3.5): a peer signs the sorted multiset of CIDs it produced
/// (executed and failed calls by their service result's tetraplet peer, executed canons by their canon result's
/// tetraplet peer), borsh-encoded with the particle id as salt.
/// </summary>
public static class DataSignatures
{
    /// <summary>The CIDs each peer (by peer id text) produced in <paramref name="data"/>'s trace, sorted byte-wise.</summary>
    public static IReadOnlyDictionary<string, List<string>> CidsByPeer(InterpreterData data)
    {
        var byPeer = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (peer, cid) in ProducedCids(data))
        {
            if (!byPeer.TryGetValue(peer, out var list))
                byPeer[peer] = list = [];
            list.Add(cid);
        }
        foreach (var list in byPeer.Values)
            list.Sort(StringComparer.Ordinal);
        return byPeer;
    }

    /// <summary>The CIDs <paramref name="peer"/> produced in <paramref name="data"/>'s trace, sorted byte-wise.</summary>
    public static List<string> CidsOf(InterpreterData data, string peer)
    {
        var cids = new List<string>();
        foreach (var (producer, cid) in ProducedCids(data))
        {
            if (producer == peer)
                cids.Add(cid);
        }
        cids.Sort(StringComparer.Ordinal);
        return cids;
    }

    /// <summary>How many CIDs each peer produced (what choosing among signatures needs: no lists, no sorting).</summary>
    public static IReadOnlyDictionary<string, int> CountsByPeer(InterpreterData data)
    {
        var byPeer = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (peer, _) in ProducedCids(data))
            byPeer[peer] = byPeer.GetValueOrDefault(peer) + 1;
        return byPeer;
    }

    // Every CID of the trace with the peer that produced it, in trace order.
    private static IEnumerable<(string Peer, string Cid)> ProducedCids(InterpreterData data)
    {
        foreach (var state in data.Trace)
        {
            switch (state)
            {
                case CallState { Result: Executed { Value.Kind: ValueKind.Scalar or ValueKind.Stream } e }:
                    yield return (ServiceResultPeer(data, e.Value.Cid.Value), e.Value.Cid.Value);
                    break;
                case CallState { Result: Failed f }:
                    yield return (ServiceResultPeer(data, f.ServiceResultCid.Value), f.ServiceResultCid.Value);
                    break;
                case CanonState { Result: CanonExecuted c }:
                    if (!data.CidInfo.CanonResults.TryGet(c.Cid.Value, out var canon) || !data.CidInfo.Tetraplets.TryGet(canon.Tetraplet.Value, out var tetraplet))
                        throw new InvalidOperationException($"canon result {c.Cid} or its tetraplet is missing from the stores");
                    yield return (tetraplet.PeerPk, c.Cid.Value);
                    break;
            }
        }
    }

    /// <summary>borsh((Vec&lt;String&gt;, &amp;str)): u32 LE count, each CID as u32 LE length + UTF-8, then the particle id likewise.</summary>
    public static byte[] Message(IReadOnlyList<string> sortedCids, string particleId)
    {
        var message = new byte[MessageSize(sortedCids, particleId)];
        WriteMessage(sortedCids, particleId, message);
        return message;
    }

    private static int MessageSize(IReadOnlyList<string> sortedCids, string particleId)
    {
        var size = 4 + 4 + Encoding.UTF8.GetByteCount(particleId);
        for (var i = 0; i < sortedCids.Count; i++)
            size += 4 + Encoding.UTF8.GetByteCount(sortedCids[i]);
        return size;
    }

    private static void WriteMessage(IReadOnlyList<string> sortedCids, string particleId, Span<byte> message)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)sortedCids.Count);
        var at = 4;
        for (var i = 0; i < sortedCids.Count; i++)
            at += WriteText(sortedCids[i], message[at..]);
        WriteText(particleId, message[at..]);
    }

    private static int WriteText(string text, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
        return 4 + length;
    }

    /// <summary>The signature entry <paramref name="key"/> writes for its CIDs.</summary>
    public static PeerSignature Sign(KeyPair key, IReadOnlyList<string> sortedCids, string particleId)
    {
        // The message on the stack when small (most invocations sign a few CIDs), signed straight into the entry.
        var size = MessageSize(sortedCids, particleId);
        byte[]? rented = null;
        var message = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            WriteMessage(sortedCids, particleId, message);
            var signature = new byte[65];
            key.Sign(message, signature.AsSpan(1));
            var publicKey = new byte[33];
            key.PublicKey.CopyTo(publicKey.AsSpan(1));
            return new PeerSignature(publicKey, signature);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Checks one stored signature against the CIDs the data attributes to its peer.</summary>
    public static bool Verify(PeerSignature signature, IReadOnlyList<string> sortedCids, string particleId, out PeerId? peer)
    {
        peer = null;
        if (signature.PublicKey is not [0x00, ..] || signature.PublicKey.Length != 33 || signature.Signature is not [0x00, ..] || signature.Signature.Length != 65)
            return false;
        peer = PeerId.FromPublicKey(signature.PublicKey.AsSpan(1));
        return peer.Verify(Message(sortedCids, particleId), signature.Signature.AsSpan(1));
    }

    private static string ServiceResultPeer(InterpreterData data, string cid)
    {
        if (!data.CidInfo.ServiceResults.TryGet(cid, out var result) || !data.CidInfo.Tetraplets.TryGet(result.TetrapletCid.Value, out var tetraplet))
            throw new InvalidOperationException($"service result {cid} or its tetraplet is missing from the stores");
        return tetraplet.PeerPk;
    }
}
