namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// The CIDs of the service results and tetraplets an invocation adds, made with no text at all: their JSON is written as
/// UTF-8 straight into a stack buffer (a CID's text from its digest), and the CID is held as its digest. The same values
/// as <see cref="AquaCid.Of(ServiceResult)"/>'s and <see cref="AquaCid.Of(StoredTetraplet)"/>'s (which stay the
/// reference for decoded data and for unusual texts).
/// </summary>
internal static class StoreCids
{
    // {"value_cid":"…","argument_hash":"…","tetraplet_cid":"…"}: serde writes the fields in declaration order.
    private static ReadOnlySpan<byte> ValueCidKey => "{\"value_cid\":\""u8;
    private static ReadOnlySpan<byte> ArgumentHashKey => "\",\"argument_hash\":\""u8;
    private static ReadOnlySpan<byte> TetrapletCidKey => "\",\"tetraplet_cid\":\""u8;
    private static ReadOnlySpan<byte> End => "\"}"u8;

    /// <summary>The length of a service result's JSON when all three of its CIDs are of AquaVM's form (231 bytes).</summary>
    public static int ServiceResultJsonBytes => ValueCidKey.Length + ArgumentHashKey.Length + TetrapletCidKey.Length + End.Length + 3 * AquaCid.TextLength;

    /// <summary>The CID of a service result (what <see cref="AquaCid.Of(ServiceResult)"/> gives).</summary>
    public static CidRef Of(ServiceResult result) => Of(result, null);

    /// <summary>
    /// <see cref="Of(ServiceResult)"/>, hashed in <paramref name="batch"/> (a pending CID, see <see cref="CidBatch"/>) when
    /// there is one and the JSON is written from digests.
    /// </summary>
    public static CidRef Of(ServiceResult result, CidBatch? batch)
    {
        // CIDs of AquaVM's form are plain ASCII, written from their digests; anything else takes the escaping path.
        if (!IsWrittenFromDigests(result))
            return new CidRef(AquaCid.Of(result));
        if (batch is not null)
            return batch.Add(result);
        Span<byte> json = stackalloc byte[ServiceResultJsonBytes];
        WriteFromDigests(result, json);
        return AquaCid.RefOfJsonBytes(json);
    }

    /// <summary>Whether all three of the result's CIDs are of AquaVM's form: its JSON is then <see cref="ServiceResultJsonBytes"/> of ASCII.</summary>
    public static bool IsWrittenFromDigests(ServiceResult result) =>
        result.ValueCid.IsCanonical && (result.HoldsArgumentDigest || result.ArgumentHash.IsCanonical) && result.TetrapletCid.IsCanonical;

    /// <summary>Writes the JSON of a result that <see cref="IsWrittenFromDigests"/> into <paramref name="json"/>.</summary>
    public static void WriteFromDigests(ServiceResult result, Span<byte> json)
    {
        result.TryGetArgumentDigest(out var argumentDigest);
        var at = Append(json, 0, ValueCidKey);
        at = Append(json, at, result.ValueCid);
        at = Append(json, at, ArgumentHashKey);
        AquaCid.WriteText(argumentDigest, json[at..]);
        at += AquaCid.TextLength;
        at = Append(json, at, TetrapletCidKey);
        at = Append(json, at, result.TetrapletCid);
        Append(json, at, End);
    }

    // {"peer_pk":"…","service_id":"…","function_name":"…","lens":"…"}
    private static ReadOnlySpan<byte> PeerPkKey => "{\"peer_pk\":\""u8;
    private static ReadOnlySpan<byte> ServiceIdKey => "\",\"service_id\":\""u8;
    private static ReadOnlySpan<byte> FunctionNameKey => "\",\"function_name\":\""u8;
    private static ReadOnlySpan<byte> LensKey => "\",\"lens\":\""u8;

    // Tetraplets whose JSON fits this are written on the stack (peer ids are 52 characters, names short).
    private const int MaxTetrapletJson = 512;

    /// <summary>The CID of a tetraplet (what <see cref="AquaCid.Of(StoredTetraplet)"/> gives), held as its digest.</summary>
    public static CidRef Of(StoredTetraplet tetraplet)
    {
        var fields = tetraplet.PeerPk.Length + tetraplet.ServiceId.Length + tetraplet.FunctionName.Length + tetraplet.Lens.Length;
        // Anything to escape, or too long for the stack at three UTF-8 bytes per character: the text path.
        if (fields > MaxTetrapletJson / 4 || NeedsEscaping(tetraplet.PeerPk) || NeedsEscaping(tetraplet.ServiceId) ||
            NeedsEscaping(tetraplet.FunctionName) || NeedsEscaping(tetraplet.Lens))
            return new CidRef(AquaCid.Of(tetraplet));
        Span<byte> json = stackalloc byte[MaxTetrapletJson];
        var at = Append(json, 0, PeerPkKey);
        at = Append(json, at, tetraplet.PeerPk);
        at = Append(json, at, ServiceIdKey);
        at = Append(json, at, tetraplet.ServiceId);
        at = Append(json, at, FunctionNameKey);
        at = Append(json, at, tetraplet.FunctionName);
        at = Append(json, at, LensKey);
        at = Append(json, at, tetraplet.Lens);
        at = Append(json, at, End);
        return AquaCid.RefOfJsonBytes(json[..at]);
    }

    private static bool NeedsEscaping(string text) => text.AsSpan().IndexOfAny(SerdeJsonText.Escaped) >= 0;

    // Raw UTF-8, as serde_json writes non-ASCII (and as AquaCid.OfJson encodes the text: the same bytes for any string).
    private static int Append(Span<byte> json, int at, string text) => at + System.Text.Encoding.UTF8.GetBytes(text, json[at..]);

    private static int Append(Span<byte> json, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(json[at..]);
        return at + bytes.Length;
    }

    private static int Append(Span<byte> json, int at, CidRef cid)
    {
        AquaCid.WriteText(cid.Digest, json[at..]);
        return at + AquaCid.TextLength;
    }
}
