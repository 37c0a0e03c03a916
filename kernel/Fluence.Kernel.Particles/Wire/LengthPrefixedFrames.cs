using System.Buffers;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Particles.Wire;

/// <summary>
/// The unsigned-varint length prefix that stream transports put before each particle frame (libp2p
/// <c>/fluence/particle/2.0.0</c>, js-client's <c>it-length-prefixed</c>). Works on <see cref="ReadOnlySequence{T}"/>
/// so it reads straight from a <c>System.IO.Pipelines</c> reader.
/// </summary>
public static class LengthPrefixedFrames
{
    public static void Write(IBufferWriter<byte> destination, ReadOnlySpan<byte> frame)
    {
        var prefix = destination.GetSpan(Varint.MaxLength);
        destination.Advance(Varint.Write(prefix, (ulong)frame.Length));
        destination.Write(frame);
    }

    public static byte[] Encode(ReadOnlySpan<byte> frame)
    {
        var buffer = new ArrayBufferWriter<byte>(frame.Length + Varint.MaxLength);
        Write(buffer, frame);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>. Returns false when more bytes are needed;
    /// throws <see cref="ParticleFormatException"/> for a malformed or oversized length (the stream must be dropped).
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        Span<byte> head = stackalloc byte[Varint.MaxLength];
        int available = (int)Math.Min(buffer.Length, Varint.MaxLength);
        buffer.Slice(0, available).CopyTo(head);
        ulong length;
        int prefixLength;
        try
        {
            if (!Varint.TryRead(head[..available], out length, out prefixLength))
                return false;
        }
        catch (FormatException e)
        {
            throw new ParticleFormatException($"bad frame length prefix: {e.Message}", e);
        }
        if (length > (ulong)maxFrameSize)
            throw new ParticleFormatException($"frame length {length} exceeds the maximum of {maxFrameSize}");
        if (buffer.Length - prefixLength < (long)length)
            return false;
        frame = buffer.Slice(prefixLength, (long)length);
        buffer = buffer.Slice(frame.End);
        return true;
    }
}
