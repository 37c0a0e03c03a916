using System.Text;
using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>
/// A dag-pb (0x70) block: <c>PBNode { repeated PBLink Links = 2; optional bytes Data = 1; }</c> with
/// <c>PBLink { bytes Hash = 1; string Name = 2; uint64 Tsize = 3; }</c>, encoded canonically (links before data),
/// which is what go-merkledag and @ipld/dag-pb both write.
/// </summary>
public sealed class DagPbNode(IReadOnlyList<DagPbLink> links, ReadOnlyMemory<byte>? data)
{
    public IReadOnlyList<DagPbLink> Links { get; } = links;

    /// <summary>The Data field; null when absent (distinct from present and empty).</summary>
    public ReadOnlyMemory<byte>? Data { get; } = data;

    public byte[] Encode()
    {
        int length = 0;
        foreach (var link in Links)
            length += Protobuf.BytesFieldLength(2, LinkLength(link));
        if (Data is { } data)
            length += Protobuf.BytesFieldLength(1, data.Length);

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        int offset = 0;
        foreach (var link in Links)
        {
            int linkLength = LinkLength(link);
            offset += Protobuf.WriteTag(span[offset..], 2, Protobuf.LengthDelimitedType);
            offset += Multiformats.Varint.Write(span[offset..], (ulong)linkLength);
            offset += Protobuf.WriteBytesField(span[offset..], 1, link.Cid.Bytes);
            var name = Encoding.UTF8.GetBytes(link.Name);
            offset += Protobuf.WriteBytesField(span[offset..], 2, name);
            offset += Protobuf.WriteVarintField(span[offset..], 3, link.TotalSize);
        }
        if (Data is { } d)
            offset += Protobuf.WriteBytesField(span[offset..], 1, d.Span);
        if (offset != length)
            throw new InvalidOperationException($"dag-pb encoding wrote {offset} bytes, expected {length}");
        return buffer;
    }

    public static DagPbNode Decode(ReadOnlySpan<byte> block)
    {
        var links = new List<DagPbLink>();
        ReadOnlyMemory<byte>? data = null;
        int offset = 0;
        while (Protobuf.TryReadField(block, ref offset, out int field, out int wireType, out _, out var payload))
        {
            if (field == 2 && wireType == Protobuf.LengthDelimitedType)
            {
                if (data is not null)
                    throw new FormatException("dag-pb: a link after the data field (not canonical)");
                links.Add(DecodeLink(block[payload]));
            }
            else if (field == 1 && wireType == Protobuf.LengthDelimitedType)
            {
                if (data is not null)
                    throw new FormatException("dag-pb: duplicate data field");
                data = block[payload].ToArray();
            }
            else
            {
                throw new FormatException($"dag-pb: unexpected field {field} (wire type {wireType})");
            }
        }
        return new DagPbNode(links, data);
    }

    private static DagPbLink DecodeLink(ReadOnlySpan<byte> bytes)
    {
        Cid? cid = null;
        string name = "";
        ulong size = 0;
        int offset = 0;
        while (Protobuf.TryReadField(bytes, ref offset, out int field, out int wireType, out ulong value, out var payload))
        {
            switch (field, wireType)
            {
                case (1, Protobuf.LengthDelimitedType):
                    cid = Cid.FromBytes(bytes[payload]);
                    break;
                case (2, Protobuf.LengthDelimitedType):
                    name = Encoding.UTF8.GetString(bytes[payload]);
                    break;
                case (3, Protobuf.VarintType):
                    size = value;
                    break;
                default:
                    throw new FormatException($"dag-pb link: unexpected field {field} (wire type {wireType})");
            }
        }
        return new DagPbLink(cid ?? throw new FormatException("dag-pb link without a hash"), name, size);
    }

    private static int LinkLength(DagPbLink link) =>
        Protobuf.BytesFieldLength(1, link.Cid.Bytes.Length)
        + Protobuf.BytesFieldLength(2, Encoding.UTF8.GetByteCount(link.Name))
        + Protobuf.VarintFieldLength(3, link.TotalSize);
}
