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
        Span<byte> cid = stackalloc byte[Prefix.Length + 32];
        Prefix.CopyTo(cid);
        using var hasher = Blake3.Hasher.New();
        hasher.Update(Encoding.UTF8.GetBytes(jsonText));
        hasher.Finalize(cid[Prefix.Length..]);
        return "b" + Base32.Encode(cid);
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
