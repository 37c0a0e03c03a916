using System.Buffers;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, as pipes deliver bytes split anywhere.</summary>
internal static class Segmented
{
    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Splits <paramref name="bytes"/> into pieces of at most <paramref name="pieceSize"/> bytes.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int pieceSize)
    {
        if (bytes.Length <= pieceSize)
            return new ReadOnlySequence<byte>(bytes);
        var first = new Segment(bytes.AsMemory(0, pieceSize), 0);
        var last = first;
        for (int offset = pieceSize; offset < bytes.Length; offset += pieceSize)
            last = last.Append(bytes.AsMemory(offset, Math.Min(pieceSize, bytes.Length - offset)));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
