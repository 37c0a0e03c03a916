using System.Buffers;
using System.Text;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// AquaVM's CIDs (aquavm.md §3.4): CIDv1, codec json (0x0200), BLAKE3-256 multihash, base32 text, over the compact
/// serde_json text of the stored object.
/// </summary>
public static class AquaCid
{
    // 0x01 CIDv1, 0x80 0x04 = varint 0x0200 (json), 0x1e BLAKE3, 0x20 = 32 bytes.
    private static readonly byte[] Prefix = [0x01, 0x80, 0x04, 0x1e, 0x20];

    public static string OfJson(string jsonText)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(jsonText.Length);
        byte[]? rented = null;
        var text = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            return OfJsonBytes(text[..Encoding.UTF8.GetBytes(jsonText, text)]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The length of a CID's bytes (prefix and BLAKE3-256 digest).</summary>
    internal const int ByteLength = 5 + 32;

    /// <summary>The length of a CID's text: the multibase prefix <c>b</c> and the base32 of its bytes.</summary>
    internal static readonly int TextLength = 1 + Base32.EncodedLength(ByteLength);

    /// <summary>The CID of JSON text given as its UTF-8 bytes.</summary>
    public static string OfJsonBytes(ReadOnlySpan<byte> json)
    {
        Span<byte> cid = stackalloc byte[ByteLength];
        WriteBytes(json, cid);
        return Text(cid);
    }

    /// <summary><see cref="OfJsonBytes"/> as a new reference (see <see cref="CidRef.Made"/>).</summary>
    internal static CidRef RefOfJsonBytes(ReadOnlySpan<byte> json) => CidRef.Made(OfJsonBytes(json));

    /// <summary>Whether <paramref name="cid"/> is the CID text of JSON given as its UTF-8 bytes (checked without making a string).</summary>
    internal static bool Matches(ReadOnlySpan<byte> json, string cid)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteBytes(json, bytes);
        return TextMatches(bytes, cid);
    }

    /// <summary>The text of CID bytes (<see cref="ByteLength"/> long), written straight into its string.</summary>
    internal static string Text(ReadOnlySpan<byte> cid) =>
        string.Create(1 + Base32.EncodedLength(cid.Length), cid, static (text, cid) => WriteText(cid, text));

    /// <summary>Whether <paramref name="text"/> is the text of CID bytes <paramref name="cid"/> (compared on the stack).</summary>
    internal static bool TextMatches(ReadOnlySpan<byte> cid, string text)
    {
        Span<char> expected = stackalloc char[TextLength];
        return text.AsSpan().SequenceEqual(expected[..WriteText(cid, expected)]);
    }

    private static int WriteText(ReadOnlySpan<byte> cid, Span<char> text)
    {
        text[0] = 'b';
        return 1 + Base32.Encode(cid, text[1..]);
    }

    /// <summary>Writes the CID bytes of JSON text given as its UTF-8 bytes into <paramref name="cid"/> (<see cref="ByteLength"/> long).</summary>
    internal static void WriteBytes(ReadOnlySpan<byte> json, Span<byte> cid)
    {
        Prefix.CopyTo(cid);
        // The one-shot hash: a Hasher instance rents and clears pooled buffers on every use.
        Blake3.Hasher.Hash(json, cid[Prefix.Length..]);
    }

    public static string Of(StoredTetraplet t) => OfJson(SerdeJsonText.Object(
        ("peer_pk", t.PeerPk), ("service_id", t.ServiceId), ("function_name", t.FunctionName), ("lens", t.Lens)));

    public static string Of(ServiceResult r) => OfJson(SerdeJsonText.Object(
        ("value_cid", r.ValueCid.Value), ("argument_hash", r.ArgumentHash.Value), ("tetraplet_cid", r.TetrapletCid.Value)));

    public static string Of(CanonElement e)
    {
        var provenance = e.Provenance.Kind switch
        {
            ProvenanceKind.Literal => SerdeJsonText.Object(("type", "literal")),
            ProvenanceKind.ServiceResult => SerdeJsonText.Object(("type", "service_result"), ("cid", e.Provenance.Cid!.Value)),
            _ => SerdeJsonText.Object(("type", "canon"), ("cid", e.Provenance.Cid!.Value)),
        };
        var json = new StringBuilder("{");
        json.AppendString("value").Append(':').AppendString(e.Value.Value).Append(',');
        json.AppendString("tetraplet").Append(':').AppendString(e.Tetraplet.Value).Append(',');
        json.AppendString("provenance").Append(':').Append(provenance).Append('}');
        return OfJson(json.ToString());
    }

    public static string Of(CanonResultValue r)
    {
        var json = new StringBuilder("{");
        json.AppendString("tetraplet").Append(':').AppendString(r.Tetraplet.Value).Append(',');
        json.AppendString("values").Append(":[");
        for (var i = 0; i < r.Values.Count; i++)
        {
            if (i > 0)
                json.Append(',');
            json.AppendString(r.Values[i].Value);
        }
        return OfJson(json.Append("]}").ToString());
    }
}
