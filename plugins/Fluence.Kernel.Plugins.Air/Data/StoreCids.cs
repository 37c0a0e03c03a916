namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// The CID of a service result an invocation adds, made with no text at all: its JSON is written as UTF-8 straight
/// into a stack buffer, each CID's text written from its digest, and the result is held as its digest. The same value
/// as <see cref="AquaCid.Of(ServiceResult)"/>'s (which stays the reference for decoded data and for unusual texts).
/// </summary>
internal static class StoreCids
{
    // {"value_cid":"…","argument_hash":"…","tetraplet_cid":"…"}: serde writes the fields in declaration order.
    private static ReadOnlySpan<byte> ValueCidKey => "{\"value_cid\":\""u8;
    private static ReadOnlySpan<byte> ArgumentHashKey => "\",\"argument_hash\":\""u8;
    private static ReadOnlySpan<byte> TetrapletCidKey => "\",\"tetraplet_cid\":\""u8;
    private static ReadOnlySpan<byte> End => "\"}"u8;

    private static int Size => ValueCidKey.Length + ArgumentHashKey.Length + TetrapletCidKey.Length + End.Length + 3 * AquaCid.TextLength;

    /// <summary>The CID of a service result (what <see cref="AquaCid.Of(ServiceResult)"/> gives).</summary>
    public static CidRef Of(ServiceResult result)
    {
        // CIDs of AquaVM's form are plain ASCII, written from their digests; anything else takes the escaping path.
        if (!result.ValueCid.IsCanonical || !result.ArgumentHash.IsCanonical || !result.TetrapletCid.IsCanonical)
            return new CidRef(AquaCid.Of(result));
        Span<byte> json = stackalloc byte[Size];
        var at = Append(json, 0, ValueCidKey);
        at = Append(json, at, result.ValueCid);
        at = Append(json, at, ArgumentHashKey);
        at = Append(json, at, result.ArgumentHash);
        at = Append(json, at, TetrapletCidKey);
        at = Append(json, at, result.TetrapletCid);
        Append(json, at, End);
        return AquaCid.RefOfJsonBytes(json);
    }

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
