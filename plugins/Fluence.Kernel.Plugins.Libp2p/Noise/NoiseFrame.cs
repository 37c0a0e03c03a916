using System.Buffers;
using System.Buffers.Binary;

namespace Fluence.Kernel.Plugins.Libp2p.Noise;

/// <summary>Noise messages on the wire: a 2-byte big-endian length and at most 65535 bytes.</summary>
internal static class NoiseFrame
{
    public const int MaxLength = 65535;
    public const int MaxPlaintext = MaxLength - NoiseCipherState.TagLength;

    public static bool TryParse(ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> payload, out SequencePosition end)
    {
        payload = default;
        end = buffer.Start;
        if (buffer.Length < 2)
            return false;
        Span<byte> head = stackalloc byte[2];
        buffer.Slice(0, 2).CopyTo(head);
        int length = BinaryPrimitives.ReadUInt16BigEndian(head);
        if (buffer.Length < 2 + length)
            return false;
        payload = buffer.Slice(2, length);
        end = payload.End;
        return true;
    }
}
