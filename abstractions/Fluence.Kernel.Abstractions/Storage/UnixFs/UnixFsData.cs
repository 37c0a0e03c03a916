namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>UnixFS node kinds (the <c>Type</c> field of <c>unixfs.proto</c>).</summary>
public enum UnixFsType
{
    Raw = 0,
    Directory = 1,
    File = 2,
    Metadata = 3,
    Symlink = 4,
    HamtShard = 5,
}

/// <summary>
/// The UnixFS message in a dag-pb node's Data: <c>Type = 1; Data = 2; filesize = 3; repeated blocksizes = 4</c>
/// (proto2, not packed). Mode, mtime and HAMT fields are read past, never written: <c>ipfs add</c> leaves them out.
/// </summary>
public sealed record UnixFsData(UnixFsType Type, ReadOnlyMemory<byte>? Data, ulong? FileSize, IReadOnlyList<ulong> BlockSizes)
{
    public byte[] Encode()
    {
        int length = Protobuf.VarintFieldLength(1, (ulong)Type);
        if (Data is { } data)
            length += Protobuf.BytesFieldLength(2, data.Length);
        if (FileSize is { } fileSize)
            length += Protobuf.VarintFieldLength(3, fileSize);
        foreach (var size in BlockSizes)
            length += Protobuf.VarintFieldLength(4, size);

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        int offset = Protobuf.WriteVarintField(span, 1, (ulong)Type);
        if (Data is { } d)
            offset += Protobuf.WriteBytesField(span[offset..], 2, d.Span);
        if (FileSize is { } fs)
            offset += Protobuf.WriteVarintField(span[offset..], 3, fs);
        foreach (var size in BlockSizes)
            offset += Protobuf.WriteVarintField(span[offset..], 4, size);
        return buffer;
    }

    public static UnixFsData Decode(ReadOnlySpan<byte> bytes)
    {
        UnixFsType? type = null;
        ReadOnlyMemory<byte>? data = null;
        ulong? fileSize = null;
        var blockSizes = new List<ulong>();
        int offset = 0;
        while (Protobuf.TryReadField(bytes, ref offset, out int field, out int wireType, out ulong value, out var payload))
        {
            switch (field, wireType)
            {
                case (1, Protobuf.VarintType):
                    if (value > (ulong)UnixFsType.HamtShard)
                        throw new FormatException($"unixfs: unknown type {value}");
                    type = (UnixFsType)value;
                    break;
                case (2, Protobuf.LengthDelimitedType):
                    data = bytes[payload].ToArray();
                    break;
                case (3, Protobuf.VarintType):
                    fileSize = value;
                    break;
                case (4, Protobuf.VarintType):
                    blockSizes.Add(value);
                    break;
                case (4, Protobuf.LengthDelimitedType):
                    // Packed encoding is legal protobuf even though the reference implementations write unpacked.
                    var packed = bytes[payload];
                    int p = 0;
                    while (p < packed.Length)
                    {
                        blockSizes.Add(Multiformats.Varint.Read(packed[p..], out int n));
                        p += n;
                    }
                    break;
                default:
                    break; // hashType, fanout, mode, mtime: not needed to read a file
            }
        }
        return new UnixFsData(type ?? throw new FormatException("unixfs: the Type field is missing"), data, fileSize, blockSizes);
    }
}
