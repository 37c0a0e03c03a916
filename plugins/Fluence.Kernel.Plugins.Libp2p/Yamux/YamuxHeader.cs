using System.Buffers;
using System.Buffers.Binary;

namespace Fluence.Kernel.Plugins.Libp2p.Yamux;

internal enum YamuxFrameType : byte
{
    Data = 0,
    WindowUpdate = 1,
    Ping = 2,
    GoAway = 3,
}

[Flags]
internal enum YamuxFlags : ushort
{
    None = 0,
    Syn = 1,
    Ack = 2,
    Fin = 4,
    Rst = 8,
}

/// <summary>
/// The 12-byte Yamux header: version (0), type, flags, stream id, length — all big-endian. For data frames the length
/// is the payload size; for window updates the window delta; for pings the opaque value; for go-away the error code.
/// </summary>
internal readonly record struct YamuxHeader(YamuxFrameType Type, YamuxFlags Flags, uint StreamId, uint Length)
{
    public const int Size = 12;

    public static YamuxHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
            throw new FormatException($"yamux header needs {Size} bytes, got {bytes.Length}");
        if (bytes[0] != 0)
            throw new FormatException($"yamux: unsupported version {bytes[0]}");
        if (bytes[1] > (byte)YamuxFrameType.GoAway)
            throw new FormatException($"yamux: unknown frame type {bytes[1]}");
        var flags = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        if ((flags & ~0xF) != 0)
            throw new FormatException($"yamux: unknown flags 0x{flags:x4}");
        return new YamuxHeader((YamuxFrameType)bytes[1], (YamuxFlags)flags,
            BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]));
    }

    public static YamuxHeader Parse(ReadOnlySequence<byte> bytes)
    {
        Span<byte> head = stackalloc byte[Size];
        bytes.Slice(0, Size).CopyTo(head);
        return Parse(head);
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = 0;
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StreamId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Length);
    }
}
