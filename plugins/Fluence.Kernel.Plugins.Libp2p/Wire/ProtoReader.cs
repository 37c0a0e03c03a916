using System.Text;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Libp2p.Wire;

/// <summary>
/// Reads the protobuf wire format field by field. Every malformed input (truncated field, bad wire type, overlong
/// varint) throws <see cref="FormatException"/>; unknown fields are skipped, as protobuf requires.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (_rest.IsEmpty)
            return false;
        ulong tag = ReadRawVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue)
            throw new FormatException($"protobuf: invalid field number {tag >> 3}");
        return true;
    }

    public ulong ReadVarint(int wireType)
    {
        Expect(wireType, 0);
        return ReadRawVarint();
    }

    public ReadOnlySpan<byte> ReadBytes(int wireType)
    {
        Expect(wireType, 2);
        ulong length = ReadRawVarint();
        if (length > (ulong)_rest.Length)
            throw new FormatException($"protobuf: field of {length} bytes with only {_rest.Length} left");
        var value = _rest[..(int)length];
        _rest = _rest[(int)length..];
        return value;
    }

    public string ReadString(int wireType)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(ReadBytes(wireType));
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("protobuf: string field is not valid UTF-8");
        }
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadRawVarint(); break;
            case 1: Take(8); break;
            case 2: ReadBytes(2); break;
            case 5: Take(4); break;
            default: throw new FormatException($"protobuf: unsupported wire type {wireType}");
        }
    }

    private void Take(int count)
    {
        if (_rest.Length < count)
            throw new FormatException("protobuf: truncated fixed-width field");
        _rest = _rest[count..];
    }

    private static void Expect(int wireType, int expected)
    {
        if (wireType != expected)
            throw new FormatException($"protobuf: wire type {wireType} where {expected} was expected");
    }

    private ulong ReadRawVarint()
    {
        // Protobuf varints may be up to 10 bytes; the multiformats reader caps at 9, which covers every value we use.
        ulong value = 0;
        for (int i = 0; i < 10; i++)
        {
            if (i >= _rest.Length)
                throw new FormatException("protobuf: truncated varint");
            byte b = _rest[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                _rest = _rest[(i + 1)..];
                return value;
            }
        }
        throw new FormatException("protobuf: varint longer than 10 bytes");
    }
}
