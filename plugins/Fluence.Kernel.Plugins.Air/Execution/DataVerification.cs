using System.Globalization;
using System.Numerics;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// What AquaVM checks in incoming data and how it signs outgoing data (aquavm.md §3.4–3.5): every CID recomputed,
/// every signature verified against the CIDs its peer produced, signature sets merged per peer (one must extend the
/// other), the current peer re-signing its own CIDs.
/// </summary>
internal static class DataVerification
{
    /// <summary>Null when every key of every store is the CID of its value; otherwise the first mismatch.</summary>
    public static string? VerifyCids(InterpreterData data)
    {
        var info = data.CidInfo;
        foreach (var (key, value) in info.Values.Entries)
        {
            if (!AquaCid.Matches(value.Utf8.Span, key))
                return Mismatch(RawValueType, key);
        }
        foreach (var (key, value) in info.Tetraplets.Entries)
        {
            if (!key.HasText(AquaCid.Of(value)))
                return Mismatch(TetrapletType, key);
        }
        foreach (var (key, value) in info.CanonElements.Entries)
        {
            if (!key.HasText(AquaCid.Of(value)))
                return Mismatch(CanonElementType, key);
        }
        foreach (var (key, value) in info.CanonResults.Entries)
        {
            if (!key.HasText(AquaCid.Of(value)))
                return Mismatch(CanonResultType, key);
        }
        foreach (var (key, value) in info.ServiceResults.Entries)
        {
            if (!StoreCids.Of(value).SameAs(key))
                return Mismatch(ServiceResultType, key);
        }
        return null;
    }

    private const string RawValueType = "air_interpreter_data::raw_value::RawValue";
    private const string TetrapletType = "marine_call_parameters::SecurityTetraplet";
    private const string CanonElementType = "air_interpreter_data::executed_state::CanonCidAggregate";
    private const string CanonResultType = "air_interpreter_data::executed_state::CanonResultCidAggregate";
    private const string ServiceResultType = "air_interpreter_data::executed_state::ServiceResultCidAggregate";

    /// <summary>
    /// Null when every reference between the stores resolves; otherwise AquaVM's message for the first that does not
    /// (code 8; AquaVM checks canon results, then canon elements, then service results — verified). References from
    /// the trace are not checked here: a missing one fails when execution reaches it.
    /// </summary>
    public static string? VerifyReferences(InterpreterData data)
    {
        var info = data.CidInfo;
        foreach (var (_, canon) in info.CanonResults.Entries)
        {
            if (!info.Tetraplets.TryGet(canon.Tetraplet, out _))
                return NotFound(canon.Tetraplet, CanonResultType, TetrapletType);
            foreach (var element in canon.Values)
            {
                if (!info.CanonElements.TryGet(element, out _))
                    return NotFound(element, CanonResultType, CanonElementType);
            }
        }
        foreach (var (_, element) in info.CanonElements.Entries)
        {
            if (!info.Values.TryGet(element.Value, out _))
                return NotFound(element.Value, CanonElementType, RawValueType);
            if (!info.Tetraplets.TryGet(element.Tetraplet, out _))
                return NotFound(element.Tetraplet, CanonElementType, TetrapletType);
            switch (element.Provenance)
            {
                case { Kind: ProvenanceKind.ServiceResult, Cid: { } cid } when !info.ServiceResults.TryGet(cid, out _):
                    return NotFound(cid, CanonElementType, ServiceResultType);
                case { Kind: ProvenanceKind.Canon, Cid: { } cid } when !info.CanonResults.TryGet(cid, out _):
                    return NotFound(cid, CanonElementType, CanonResultType);
            }
        }
        foreach (var (_, result) in info.ServiceResults.Entries)
        {
            if (!info.Values.TryGet(result.ValueCid, out _))
                return NotFound(result.ValueCid, ServiceResultType, RawValueType);
            if (!info.Tetraplets.TryGet(result.TetrapletCid, out _))
                return NotFound(result.TetrapletCid, ServiceResultType, TetrapletType);
        }
        return null;
    }

    /// <summary>
    /// Whether a CID of the trace that names a store entry (an executed or failed call's, an executed canon's) is no CID
    /// at all (<see cref="CidParsing"/>): AquaVM fails such current_data with code 8 before its signatures, whose check
    /// is where native meets the CID (it names nothing), so it is asked only when that check fails.
    /// </summary>
    public static bool HasUnparsableTraceCid(InterpreterData data)
    {
        foreach (var state in data.Trace)
        {
            var cid = state switch
            {
                CallState call when call.IsExecuted(out var kind, out var executed, out _) && kind != ValueKind.Unused => executed,
                CallState { Result: Failed failed } => failed.ServiceResultCid,
                CanonState { Result: CanonExecuted canon } => canon.Cid,
                _ => null,
            };
            if (cid is not null && !CidParsing.Parses(cid))
                return true;
        }
        return false;
    }

    private static string NotFound(CidRef cid, string from, string to) => $"Reference CID {RustDebugText.String(cid.Value)} from type \"{from}\" to \"{to}\" was not found";

    // AquaVM's text; where several entries mismatch, it names the first in its own (hash map) order.
    // A key that is no CID AquaVM can verify fails before its value is hashed, with the CID parser's or verifier's error.
    private static string Mismatch(string type, CidRef key) =>
        CidKeyError.Of(key.Value) ?? $"Value mismatch in the \"{type}\" store for CID {RustDebugText.String(key.Value)}";

    /// <summary>
    /// What AquaVM checks of prev_data's signatures, before any of current_data's (verified order): every key decodes
    /// (in the order stored), then every CID of the trace has its producer among the signers (in trace order). The
    /// signatures themselves are not verified: prev_data is this peer's own last output. Null when both hold.
    /// </summary>
    public static string? VerifyPrevSigners(InterpreterData prev, SignerIds signers)
    {
        var signatures = prev.Signatures;
        if (signatures.Count == 0 && prev.Trace.Count == 0)
            return null;
        var problem = FirstKeyProblem(signatures, signers);
        if (problem is not null)
            return problem;
        // Every producer is the peer of a tetraplet in the store: when each of those signed (as a rule), the trace is
        // not walked. A canon element's tetraplet may name a peer that signed nothing; then the trace says.
        foreach (var (_, tetraplet) in prev.CidInfo.Tetraplets.Entries)
        {
            if (!IsSigner(tetraplet.PeerPk, signatures, signers))
                return FirstUnsignedProducer(prev, signers);
        }
        return null;
    }

    private static bool IsSigner(string peer, List<PeerSignature> signatures, SignerIds signers)
    {
        foreach (var signature in signatures)
        {
            if (signers.TextOf(signature) == peer)
                return true;
        }
        return false;
    }

    // AquaVM's message for the first producer of a CID in the trace that did not sign; null when all did, or when
    // the stores lack a produced CID's entries (AquaVM panics there; execution refuses the data later).
    private static string? FirstUnsignedProducer(InterpreterData data, SignerIds signers)
    {
        var texts = new List<string>(data.Signatures.Count);
        foreach (var signature in data.Signatures)
            texts.Add(signers.TextOf(signature));
        string? peer;
        try
        {
            peer = DataSignatures.FirstUnsignedProducer(data, texts);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        // AquaVM's text, its typo included.
        return peer is null ? null : $"peer_id doens't match any available public key: {RustDebugText.String(peer)}";
    }

    // The first key (in the order stored) that fluence-keypair cannot decode, with AquaVM's message.
    private static string? FirstKeyProblem(List<PeerSignature> signatures, SignerIds signers)
    {
        foreach (var signature in signatures)
        {
            var key = signature.PublicKey;
            if (key is [0x00, ..] && key.Length == 33)
            {
                if (!signers.Decodes(signature))
                    return MalformedKey(key, "Failed to decode with ed25519: signature error: Cannot decompress Edwards point");
                continue;
            }
            // Format byte 0 is Ed25519, 2 secp256k1 (never 32 bytes after the format byte in what AquaVM writes); RSA
            // is not built in. AquaVM panics on an empty key; native refuses it as one of the wrong length.
            return MalformedKey(key, key switch
            {
                [] or [0x00, ..] => "Failed to decode, invalid length: could not convert slice to array",
                [0x02, ..] => "Failed to decode with secp256k1",
                _ => "Invalid type prefix",
            });
        }
        return null;
    }

    private static string MalformedKey(byte[] key, string reason) => $"malformed key: \"{Base58.Encode(key)}\": invalid key data: {reason}";

    /// <summary>
    /// Null when every signature holds and every peer that produced CIDs signed them. <paramref name="me"/>'s own
    /// signature, come back unchanged from <paramref name="prev"/> (this peer's own last output) over the same CIDs, is
    /// not verified again: this peer made it over exactly those CIDs.
    /// </summary>
    public static string? VerifySignatures(InterpreterData data, string particleId, SignerIds signers, InterpreterData prev, string me)
    {
        var problem = FirstSignatureProblem(data, particleId, signers, prev, me);
        // Found in one pass; AquaVM reports a malformed key first, then an unsigned producer, then a bad signature.
        return problem is null ? null : FirstKeyProblem(data.Signatures, signers) ?? FirstUnsignedProducer(data, signers) ?? problem;
    }

    private static string? FirstSignatureProblem(InterpreterData data, string particleId, SignerIds signers, InterpreterData prev, string me)
    {
        IReadOnlyDictionary<string, List<CidRef>> byPeer;
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
            var peer = signers.TextOf(signature);
            var cids = byPeer.TryGetValue(peer, out var list) ? list : [];
            if (!(peer == me && IsOwnFromPrev(signature, cids, prev, me)) && !DataSignatures.Verify(signature, signers.Of(signature), cids, particleId))
                return SignatureMismatch(peer, signature, cids);
            signed.Add(peer);
        }
        foreach (var peer in byPeer.Keys)
        {
            if (!signed.Contains(peer))
                return $"peer {peer} produced CIDs but did not sign them";
        }
        return null;
    }

    // AquaVM's message: the Debug form of ed25519-dalek's verification error, with the signature and key in base58;
    // a signature of the wrong length fails to parse, an error without a source, and one whose scalar half is not
    // reduced (s ≥ ℓ) fails its scalar check. A format byte of no key type built into AquaVM (only Ed25519's 0 and
    // secp256k1's 2 are) fails before, with no key named.
    private static string SignatureMismatch(string peer, PeerSignature signature, List<CidRef> cids)
    {
        var reason = signature.Signature is not ([] or [0x00 or 0x02, ..])
            ? "InvalidSignature(InvalidTypeByte)"
            : $"Verification(Ed25519(signature::Error {{ source: {SignatureErrorSource(signature.Signature)} }}, " +
              $"\"{Base58.Encode(signature.Signature.AsSpan(1))}\", \"{Base58.Encode(signature.PublicKey.AsSpan(1))}\"))";
        return $"signature mismatch for {RustDebugText.String(peer)}: {reason}, values: CIDS: {DebugList(cids)}";
    }

    private static string SignatureErrorSource(byte[] signature)
    {
        if (signature.Length != 65)
            return "None";
        // s, little-endian, after the format byte and R; ed25519-dalek takes it at once when its top four bits are clear.
        var s = signature.AsSpan(33);
        var reduced = (s[31] & 0xf0) == 0 || new BigInteger(s, isUnsigned: true) < GroupOrder;
        return reduced ? "Some(Verification equation was not satisfied)" : "Some(Cannot use scalar with high-bit set)";
    }

    // ℓ = 2^252 + 27742317777372353535851937790883648493, the order of Ed25519's base point.
    private static readonly BigInteger GroupOrder = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", CultureInfo.InvariantCulture);

    // The peer's own signature comes back with every particle it sent on (a relay's reply, a client's answer). The
    // peer signed every CID it produced in its prev_data (which, like AquaVM, it trusts), so the same signature over
    // the same CIDs holds. Not when prev holds a failed call: a failure the peer recorded may be left out of what it
    // signed (AquaVM's rule for results that are not JSON, see RecordFailure), so the signed CIDs are not known.
    private static bool IsOwnFromPrev(PeerSignature signature, List<CidRef> cids, InterpreterData prev, string me)
    {
        var unchanged = prev.Signatures.Any(candidate =>
            candidate.PublicKey.AsSpan().SequenceEqual(signature.PublicKey) && candidate.Signature.AsSpan().SequenceEqual(signature.Signature));
        if (!unchanged || prev.Trace.Any(state => state is CallState { IsFailed: true }))
            return false;
        List<CidRef> signed;
        try
        {
            signed = DataSignatures.CidsOf(prev, me);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        if (signed.Count != cids.Count)
            return false;
        for (var i = 0; i < cids.Count; i++)
        {
            if (!signed[i].SameAs(cids[i]))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Null when, for every peer that signed both <paramref name="prev"/> and <paramref name="current"/>, the CIDs it
    /// produced in one are a sub-multiset of those in the other; otherwise AquaVM's message (code 9, verified).
    /// </summary>
    public static string? CheckSignatureMerge(InterpreterData prev, InterpreterData current, SignerIds signers)
    {
        if (prev.Signatures.Count == 0 || current.Signatures.Count == 0)
            return null;
        IReadOnlyDictionary<string, List<CidRef>> prevCids, currentCids;
        try
        {
            prevCids = DataSignatures.CidsByPeer(prev);
            currentCids = DataSignatures.CidsByPeer(current);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        var signedInPrev = prev.Signatures.Where(s => s.PublicKey.Length == 33).Select(signers.TextOf).ToHashSet(StringComparer.Ordinal);
        foreach (var signature in current.Signatures)
        {
            if (signature.PublicKey.Length != 33)
                continue;
            var peer = signers.TextOf(signature);
            if (!signedInPrev.Contains(peer))
                continue;
            var before = prevCids.TryGetValue(peer, out var p) ? p : [];
            var after = currentCids.TryGetValue(peer, out var c) ? c : [];
            var (smaller, larger) = before.Count <= after.Count ? (before, after) : (after, before);
            if (!IsSubMultiset(smaller, larger))
                return $"inconsistent CID multisets on merge for peer {RustDebugText.String(peer)}, prev: {DebugList(before)}, current: {DebugList(after)}";
        }
        return null;
    }

    private static bool IsSubMultiset(List<CidRef> smaller, List<CidRef> larger)
    {
        var counts = new Dictionary<CidRef, int>(CidRef.TextComparer.Instance);
        foreach (var cid in larger)
            counts[cid] = counts.GetValueOrDefault(cid) + 1;
        foreach (var cid in smaller)
        {
            if (counts.GetValueOrDefault(cid) == 0)
                return false;
            counts[cid]--;
        }
        return true;
    }

    private static string DebugList(List<CidRef> cids) => "[" + string.Join(", ", cids.Select(c => RustDebugText.String(c.Value))) + "]";

    // What choosing among signatures needs; data whose stores lack a produced CID's entries counts nothing.
    private static IReadOnlyDictionary<string, int> CountsByPeer(InterpreterData data)
    {
        try
        {
            return DataSignatures.CountsByPeer(data);
        }
        catch (InvalidOperationException)
        {
            return new Dictionary<string, int>();
        }
    }

    // Signatures of prev data this path takes (a few: one per peer the particle has passed).
    private const int MaxKeptPrevSignatures = 8;

    /// <summary>
    /// What choosing among signatures gives when only prev has any and each of its peers signed once (a particle's
    /// usual later hops): prev's signatures as they are, in their order, and where this peer's own one is (-1: it has
    /// none, and its own goes last) — no table, no counting. False when a peer signed twice (then counts choose).
    /// </summary>
    private static bool TryKeepPrevSignatures(InterpreterData prev, string me, SignerIds signers, out List<PeerSignature> kept, out int ownAt)
    {
        kept = null!;
        ownAt = -1;
        var signatures = prev.Signatures;
        if (signatures.Count > MaxKeptPrevSignatures)
            return false;
        var list = new List<PeerSignature>(signatures.Count + 1);
        foreach (var signature in signatures)
        {
            if (signature.PublicKey.Length != 33)
                continue;
            var peer = signers.TextOf(signature);
            foreach (var earlier in list)
            {
                if (signers.TextOf(earlier) == peer)
                    return false;
            }
            if (peer == me)
                ownAt = list.Count;
            list.Add(signature);
        }
        kept = list;
        return true;
    }

    // The list of CIDs the current peer signs, kept per thread between invocations (only of moderate size).
    [ThreadStatic]
    private static List<CidRef>? t_ownCids;
    private const int MaxKeptOwnCids = 4096;

    /// <summary>
    /// The output signatures: per peer the prev or current one covering more CIDs, then the current peer's new
    /// signature over every CID it produced in <paramref name="result"/> except <paramref name="unsigned"/>.
    /// </summary>
    public static List<PeerSignature> MergeSignatures(InterpreterData prev, InterpreterData current, InterpreterData result, KeyPair key, string particleId,
        IReadOnlyList<string> unsigned, SignerIds signers)
    {
        var me = key.PeerId.ToString();
        PeerSignature Own()
        {
            // The thread's list from the last invocation: it grows once to a particle's size instead of every time.
            var mine = t_ownCids ?? [];
            t_ownCids = null;
            try
            {
                DataSignatures.AddCidsOf(result, me, mine);
                foreach (var cid in unsigned)
                {
                    for (var at = 0; at < mine.Count; at++)
                    {
                        if (mine[at].HasText(cid))
                        {
                            mine.RemoveAt(at);
                            break;
                        }
                    }
                }
                return DataSignatures.Sign(key, mine, particleId);
            }
            finally
            {
                mine.Clear();
                if (mine.Capacity <= MaxKeptOwnCids)
                    t_ownCids = mine;
            }
        }
        // Nothing to choose among (a particle's first hop): only this peer's own signature.
        if (prev.Signatures.Count == 0 && current.Signatures.Count == 0)
            return [Own()];
        if (current.Signatures.Count == 0 && TryKeepPrevSignatures(prev, me, signers, out var kept, out var ownAt))
        {
            var own = Own();
            if (ownAt < 0)
                kept.Add(own);
            else
                kept[ownAt] = own;
            return kept;
        }
        // Per peer the first signature offered; CIDs are counted only when a peer's signature is offered again (the
        // current peer's own is replaced anyway), so data with one signature per peer is never walked for counts.
        var chosen = new Dictionary<string, (PeerSignature Signature, InterpreterData From)>(StringComparer.Ordinal);
        IReadOnlyDictionary<string, int>? prevCounts = null, currentCounts = null;
        int CountOf(InterpreterData data, string peer)
        {
            IReadOnlyDictionary<string, int> counts;
            if (ReferenceEquals(data, prev))
                counts = prevCounts ??= CountsByPeer(prev);
            else
                counts = currentCounts ??= CountsByPeer(current);
            return counts.GetValueOrDefault(peer);
        }
        void Offer(InterpreterData data)
        {
            foreach (var signature in data.Signatures)
            {
                if (signature.PublicKey.Length != 33)
                    continue;
                var peer = signers.TextOf(signature);
                if (!chosen.TryGetValue(peer, out var existing))
                    chosen[peer] = (signature, data);
                else if (peer != me && CountOf(data, peer) > CountOf(existing.From, peer))
                    chosen[peer] = (signature, data);
            }
        }
        Offer(prev);
        Offer(current);
        chosen[me] = (Own(), result);
        var signatures = new List<PeerSignature>(chosen.Count);
        foreach (var (signature, _) in chosen.Values)
            signatures.Add(signature);
        return signatures;
    }
}
