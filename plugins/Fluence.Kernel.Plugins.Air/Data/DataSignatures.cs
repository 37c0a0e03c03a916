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
    public static IReadOnlyDictionary<string, List<CidRef>> CidsByPeer(InterpreterData data)
    {
        var byPeer = new Dictionary<string, List<CidRef>>(StringComparer.Ordinal);
        var lastTetraplet = default(TetrapletPeer);
        foreach (var state in data.Trace)
        {
            if (!TryProduced(data, state, ref lastTetraplet, out var peer, out var cid))
                continue;
            if (!byPeer.TryGetValue(peer, out var list))
                byPeer[peer] = list = [];
            list.Add(cid);
        }
        foreach (var list in byPeer.Values)
            SortOrdinal(list);
        return byPeer;
    }

    /// <summary>The CIDs <paramref name="peer"/> produced in <paramref name="data"/>'s trace, sorted byte-wise.</summary>
    public static List<CidRef> CidsOf(InterpreterData data, string peer)
    {
        var cids = new List<CidRef>();
        AddCidsOf(data, peer, cids);
        return cids;
    }

    /// <summary><see cref="CidsOf"/> into the caller's (empty) list, e.g. one it reuses.</summary>
    internal static void AddCidsOf(InterpreterData data, string peer, List<CidRef> cids)
    {
        var lastTetraplet = default(TetrapletPeer);
        foreach (var state in data.Trace)
        {
            if (TryProduced(data, state, ref lastTetraplet, out var producer, out var cid) && producer == peer)
                cids.Add(cid);
        }
        SortOrdinal(cids);
    }

    /// <summary>How many CIDs each peer produced (what choosing among signatures needs: no lists, no sorting).</summary>
    public static IReadOnlyDictionary<string, int> CountsByPeer(InterpreterData data)
    {
        var byPeer = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastTetraplet = default(TetrapletPeer);
        foreach (var state in data.Trace)
        {
            if (TryProduced(data, state, ref lastTetraplet, out var peer, out _))
                byPeer[peer] = byPeer.GetValueOrDefault(peer) + 1;
        }
        return byPeer;
    }

    /// <summary>
    /// The first peer, in trace order, that produced a CID of <paramref name="data"/> and is not among
    /// <paramref name="signers"/> (peer id texts); null when every producer signed.
    /// </summary>
    internal static string? FirstUnsignedProducer(InterpreterData data, List<string> signers)
    {
        var lastTetraplet = default(TetrapletPeer);
        foreach (var state in data.Trace)
        {
            if (TryProduced(data, state, ref lastTetraplet, out var peer, out _) && !signers.Contains(peer))
                return peer;
        }
        return null;
    }

    // The last tetraplet CID resolved to its peer: the results of one function (a fold's calls) share one tetraplet,
    // so most states need no second lookup.
    private struct TetrapletPeer
    {
        public CidRef? Cid;
        public string? Peer;
    }

    // The CID a state of the trace produced, with the peer that produced it; false for a state that produces none.
    private static bool TryProduced(InterpreterData data, ExecutedState state, ref TetrapletPeer last, out string peer, out CidRef cid)
    {
        switch (state)
        {
            // Requests produce nothing (asked first: their result is not made to be matched).
            case CallState call when call.IsRequest(out _, out _):
                cid = null!;
                peer = "";
                return false;
            case CallState call when call.IsExecuted(out var kind, out var executed, out _):
                if (kind == ValueKind.Unused)
                {
                    (cid, peer) = (null!, "");
                    return false;
                }
                cid = executed;
                peer = ServiceResultPeer(data, executed, ref last);
                return true;
            case CallState { Result: Failed f }:
                cid = f.ServiceResultCid;
                peer = ServiceResultPeer(data, f.ServiceResultCid, ref last);
                return true;
            case CanonState { Result: CanonExecuted c }:
                if (!data.CidInfo.CanonResults.TryGet(c.Cid, out var canon) || !data.CidInfo.Tetraplets.TryGet(canon.Tetraplet, out var tetraplet))
                    throw new InvalidOperationException($"canon result {c.Cid} or its tetraplet is missing from the stores");
                cid = c.Cid;
                peer = tetraplet.PeerPk;
                return true;
            default:
                cid = null!;
                peer = "";
                return false;
        }
    }

    /// <summary>
    /// Sorts CIDs as <see cref="StringComparer.Ordinal"/> sorts their texts. CIDs of AquaVM's form (all of them, as a
    /// rule) share their text's first nine characters and are sorted by their digests without making text: a 64-bit key
    /// of the next twelve base32 digits, each ranked as its character sorts, then whole digests where keys tie.
    /// </summary>
    internal static void SortOrdinal(List<CidRef> cids)
    {
        var count = cids.Count;
        if (count < 2)
            return;
        foreach (var cid in cids)
        {
            if (!cid.IsCanonical)
            {
                cids.Sort(static (a, b) => string.CompareOrdinal(a.Value, b.Value));
                return;
            }
        }
        var keys = ArrayPool<ulong>.Shared.Rent(count);
        var items = ArrayPool<CidRef>.Shared.Rent(count);
        var order = ArrayPool<int>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                items[i] = cids[i];
                keys[i] = SortKey(cids[i].Digest);
            }
            // Lists already in order (one repeated result, CIDs produced in order) are only checked: n comparisons.
            if (IsSorted(keys, items, count))
                return;
            // The keys carry the CIDs' positions, not the CIDs: sorting moves no references (no write barrier per
            // move), and each CID is put in its place once at the end.
            for (var i = 0; i < count; i++)
                order[i] = i;
            Array.Sort(keys, order, 0, count);
            var run = 0;
            for (var i = 1; i <= count; i++)
            {
                if (i < count && keys[i] == keys[run])
                    continue;
                if (i - run > 1)
                    SortTies(order, run, i - run, items);
                run = i;
            }
            for (var i = 0; i < count; i++)
                cids[i] = items[order[i]];
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<CidRef>.Shared.Return(items, clearArray: true);
        }
    }

    // Positions whose keys tie, by their CIDs' text order (rare: a method of its own, so that only a tie makes the closure).
    private static void SortTies(int[] order, int start, int length, CidRef[] items) =>
        Array.Sort(order, start, length, Comparer<int>.Create((a, b) => DigestTextOrder.Instance.Compare(items[a], items[b])));

    private static bool IsSorted(ulong[] keys, CidRef[] items, int count)
    {
        for (var i = 1; i < count; i++)
        {
            if (keys[i] < keys[i - 1] || (keys[i] == keys[i - 1] && DigestTextOrder.Instance.Compare(items[i - 1], items[i]) > 0))
                return false;
        }
        return true;
    }

    // The first twelve digits of the digest's text (its first 60 bits), each ranked as its character sorts — '2'…'7'
    // (values 26…31) before 'a'…'z' (values 0…25), i.e. (digit + 6) mod 32 — most significant first. All twelve at once
    // (this runs for every signed CID): each 5-bit digit's low four bits plus 6 (at most 21, no carry into the next
    // digit), its top bit added back without a carry.
    private const ulong DigitTopBits = 0x0842108421084210;
    private const ulong DigitLowBits = 0x07BDEF7BDEF7BDEF;
    private const ulong SixInEveryDigit = 0x0318C6318C6318C6;

    private static ulong SortKey(ReadOnlySpan<byte> digest)
    {
        var digits = BinaryPrimitives.ReadUInt64BigEndian(digest) >> 4;
        return ((digits & DigitLowBits) + SixInEveryDigit) ^ (digits & DigitTopBits);
    }

    // The text order of two CIDs held as digests whose keys tie: equal digests are equal texts; anything else (twelve
    // equal digits of two different BLAKE3 digests) compares the texts.
    private sealed class DigestTextOrder : IComparer<CidRef>
    {
        public static DigestTextOrder Instance { get; } = new();

        public int Compare(CidRef? x, CidRef? y) =>
            x!.Digest.SequenceEqual(y!.Digest) ? 0 : string.CompareOrdinal(x.Value, y.Value);
    }

    /// <summary>
    /// borsh((Vec&lt;String&gt;, &amp;str)): u32 LE count, each CID as u32 LE length + UTF-8, then the particle id likewise.
    /// CIDs held as digests are written from them.
    /// </summary>
    public static byte[] Message(IReadOnlyList<CidRef> sortedCids, string particleId)
    {
        var message = new byte[MessageSize(sortedCids, particleId)];
        WriteMessage(sortedCids, particleId, message);
        return message;
    }

    private static int MessageSize(IReadOnlyList<CidRef> sortedCids, string particleId)
    {
        var size = 4 + 4 + Encoding.UTF8.GetByteCount(particleId);
        for (var i = 0; i < sortedCids.Count; i++)
            size += 4 + sortedCids[i].Utf8Length;
        return size;
    }

    private static void WriteMessage(IReadOnlyList<CidRef> sortedCids, string particleId, Span<byte> message)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(message, (uint)sortedCids.Count);
        var at = 4;
        CidRef? previous = null;
        for (var i = 0; i < sortedCids.Count; i++)
        {
            var cid = sortedCids[i];
            if (!cid.IsCanonical)
            {
                at += WriteText(cid.Value, message[at..]);
                previous = null;
                continue;
            }
            // Sorted, a repeated CID (the same result produced again) follows its first copy: its text is copied.
            const int Entry = 4 + AquaCid.TextLength;
            if (previous is not null && previous.Digest.SequenceEqual(cid.Digest))
            {
                message.Slice(at - Entry, Entry).CopyTo(message[at..]);
                at += Entry;
                continue;
            }
            previous = cid;
            BinaryPrimitives.WriteUInt32LittleEndian(message[at..], AquaCid.TextLength);
            AquaCid.WriteText(cid.Digest, message.Slice(at + 4, AquaCid.TextLength));
            at += 4 + AquaCid.TextLength;
        }
        WriteText(particleId, message[at..]);
    }

    private static int WriteText(string text, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
        return 4 + length;
    }

    /// <summary>The signature entry <paramref name="key"/> writes for its CIDs.</summary>
    public static PeerSignature Sign(KeyPair key, IReadOnlyList<CidRef> sortedCids, string particleId)
    {
        // The message on the stack when small (most invocations sign a few CIDs), signed straight into the entry.
        var size = MessageSize(sortedCids, particleId);
        byte[]? rented = null;
        var message = size <= 1024 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            WriteMessage(sortedCids, particleId, message);
            var signature = new byte[65];
            Ed25519Signer.Sign(SigningKeyCache.ExpandedKeyOf(key), message, signature.AsSpan(1));
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
    public static bool Verify(PeerSignature signature, IReadOnlyList<CidRef> sortedCids, string particleId, out PeerId? peer)
    {
        peer = null;
        if (!IsWellFormed(signature))
            return false;
        peer = PeerId.FromPublicKey(signature.PublicKey.AsSpan(1));
        return Verify(signature, peer, sortedCids, particleId);
    }

    /// <summary><see cref="Verify(PeerSignature, IReadOnlyList{CidRef}, string, out PeerId?)"/> with the signer's peer id already known (made from the signature's key).</summary>
    internal static bool Verify(PeerSignature signature, PeerId signer, IReadOnlyList<CidRef> sortedCids, string particleId) =>
        IsWellFormed(signature) && signer.Verify(Message(sortedCids, particleId), signature.Signature.AsSpan(1));

    // Key 0x00 ‖ Ed25519 key (33 bytes), signature 0x00 ‖ Ed25519 signature (65 bytes). AquaVM also takes a signature
    // whose format byte says secp256k1 (2): the key's type decides how its 64 bytes are verified.
    private static bool IsWellFormed(PeerSignature signature) =>
        signature.PublicKey is [0x00, ..] && signature.PublicKey.Length == 33 && signature.Signature is [0x00 or 0x02, ..] && signature.Signature.Length == 65;

    // A CID this invocation stored names its value itself (CidRef.Target); one read from data is looked up.
    private static string ServiceResultPeer(InterpreterData data, CidRef cid, ref TetrapletPeer last)
    {
        if (cid.Target is not ServiceResult result && !data.CidInfo.ServiceResults.TryGet(cid, out result))
            throw new InvalidOperationException($"service result {cid} or its tetraplet is missing from the stores");
        var tetrapletCid = result.TetrapletCid;
        if (last.Peer is not null && last.Cid!.SameAs(tetrapletCid))
            return last.Peer;
        if (result.TetrapletCid.Target is not StoredTetraplet tetraplet && !data.CidInfo.Tetraplets.TryGet(tetrapletCid, out tetraplet))
            throw new InvalidOperationException($"service result {cid} or its tetraplet is missing from the stores");
        last.Cid = tetrapletCid;
        last.Peer = tetraplet.PeerPk;
        return tetraplet.PeerPk;
    }
}
