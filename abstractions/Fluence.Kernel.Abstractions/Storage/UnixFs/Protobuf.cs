using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>The few protobuf wire rules dag-pb and UnixFS need: varint and length-delimited fields.</summary>
internal static class Protobuf
{
    public const int VarintType = 0;
    public const int LengthDelimitedType = 2;

    public static int TagLength(int field) => Varint.GetLength((ulong)(field << 3));

    public static int VarintFieldLength(int field, ulong value) => TagLength(field) + Varint.GetLength(value);

    public static int BytesFieldLength(int field, int length) => TagLength(field) + Varint.GetLength((ulong)length) + length;

    public static int WriteTag(Span<byte> destination, int field, int wireType) =>
        Varint.Write(destination, (ulong)((field << 3) | wireType));

    public static int WriteVarintField(Span<byte> destination, int field, ulong value)
    {
        int n = Varint.Write(destination, (ulong)((field << 3) | VarintType));
        return n + Varint.Write(destination[n..], value);
    }

    public static int WriteBytesField(Span<byte> destination, int field, ReadOnlySpan<byte> value)
    {
        int n = Varint.Write(destination, (ulong)((field << 3) | LengthDelimitedType));
        n += Varint.Write(destination[n..], (ulong)value.Length);
        value.CopyTo(destination[n..]);
        return n + value.Length;
    }

    /// <summary>Reads one field's header; for length-delimited fields <paramref name="payload"/> is its bytes, else empty.</summary>
    public static bool TryReadField(ReadOnlySpan<byte> source, ref int offset, out int field, out int wireType, out ulong value, out Range payload)
    {
        field = 0;
        wireType = 0;
        value = 0;
        payload = default;
        if (offset >= source.Length)
            return false;
        if (!Varint.TryRead(source[offset..], out ulong tag, out int n))
            throw new FormatException("protobuf: truncated field tag");
        offset += n;
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field == 0)
            throw new FormatException("protobuf: field number 0");
        switch (wireType)
        {
            case VarintType:
                if (!Varint.TryRead(source[offset..], out value, out n))
                    throw new FormatException($"protobuf: truncated varint of field {field}");
                offset += n;
                return true;
            case LengthDelimitedType:
                if (!Varint.TryRead(source[offset..], out ulong length, out n))
                    throw new FormatException($"protobuf: truncated length of field {field}");
                offset += n;
                if (length > (ulong)(source.Length - offset))
                    throw new FormatException($"protobuf: field {field} declares {length} bytes, {source.Length - offset} remain");
                payload = new Range(offset, offset + (int)length);
                offset += (int)length;
                return true;
            default:
                throw new FormatException($"protobuf: unsupported wire type {wireType} of field {field}");
        }
    }
}
