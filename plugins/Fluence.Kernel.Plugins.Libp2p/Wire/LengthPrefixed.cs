using System.Buffers;
using System.IO.Pipelines;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Libp2p.Wire;

/// <summary>
/// Unsigned-varint length-prefixed messages, the framing of multistream-select, identify, kademlia and the particle
/// protocol. Lengths above the caller's limit are refused before any payload is buffered.
/// </summary>
internal static class LengthPrefixed
{
    /// <summary>
    /// Parses one frame from the start of <paramref name="buffer"/>. Returns false when more bytes are needed; throws
    /// <see cref="FormatException"/> for an invalid or oversized length.
    /// </summary>
    public static bool TryParse(ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload, out SequencePosition end)
    {
        payload = default;
        end = buffer.Start;
        Span<byte> head = stackalloc byte[Varint.MaxLength];
        int available = (int)Math.Min(buffer.Length, Varint.MaxLength);
        buffer.Slice(0, available).CopyTo(head);
        if (!Varint.TryRead(head[..available], out ulong length, out int prefix))
            return false;
        if (length > (ulong)maxLength)
            throw new FormatException($"frame of {length} bytes exceeds the limit of {maxLength}");
        if (buffer.Length - prefix < (long)length)
            return false;
        payload = buffer.Slice(prefix, (long)length);
        end = payload.End;
        return true;
    }

    /// <summary>
    /// Reads one frame. Returns null on a clean end of stream before the frame starts; throws
    /// <see cref="FormatException"/> on a truncated or oversized frame.
    /// </summary>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool parsed;
            try
            {
                parsed = TryParse(buffer, maxLength, out var payload, out var end);
                if (parsed)
                {
                    var frame = payload.ToArray();
                    reader.AdvanceTo(end);
                    return frame;
                }
            }
            catch
            {
                reader.AdvanceTo(buffer.Start);
                throw;
            }
            if (result.IsCompleted || result.IsCanceled)
            {
                bool empty = buffer.IsEmpty;
                reader.AdvanceTo(buffer.End);
                if (empty)
                    return null;
                throw new FormatException($"stream ended inside a length-prefixed frame ({buffer.Length} bytes buffered)");
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(Varint.MaxLength + payload.Length);
        int n = Varint.Write(span, (ulong)payload.Length);
        payload.CopyTo(span[n..]);
        writer.Advance(n + payload.Length);
    }

    public static async ValueTask WriteAsync(PipeWriter writer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Write(writer, payload.Span);
        var flush = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (flush.IsCompleted)
            throw new IOException("the remote side closed the stream");
    }
}
