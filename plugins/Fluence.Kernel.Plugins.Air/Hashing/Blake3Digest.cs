using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Fluence.Kernel.Plugins.Air.Hashing.Blake3Constants;

namespace Fluence.Kernel.Plugins.Air.Hashing;

/// <summary>
/// BLAKE3 in hash mode with a 32-byte output, written from the BLAKE3 specification: inputs of up to one chunk are
/// one compression per block (<see cref="Blake3Compression"/>); larger ones are hashed as the spec's tree (left subtree
/// = the largest power of two of chunks that leaves the right one non-empty), its chunks and parent nodes eight
/// (AVX2) or four (SSE4.1) at a time. No allocation, no shared state.
/// </summary>
internal static class Blake3Digest
{
    public const int HashBytes = 32;

    /// <summary>Chunks hashed together before their CVs are reduced; a power of two, its CVs on the stack (4 KiB).</summary>
    private const int BatchChunks = 128;

    /// <summary>Writes the BLAKE3 hash of <paramref name="input"/> to <paramref name="hash"/> (<see cref="HashBytes"/> long).</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> hash) => Hash(input, hash, Blake3IsaSupport.Best);

    /// <summary>The same hash using at most <paramref name="isa"/> (the lower levels exist for machines without AVX2 and for tests).</summary>
    internal static void Hash(ReadOnlySpan<byte> input, Span<byte> hash, Blake3Isa isa)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hash.Length, HashBytes, nameof(hash));
        isa = Blake3IsaSupport.Clamp(isa);
        if (input.Length <= ChunkBytes)
            Blake3Compression.ChunkCv(input, 0, Root, hash, isa);
        else
            SubtreeCv(input, 0, Root, hash, isa);
    }

    /// <summary>
    /// The hashes of independent inputs of at most one chunk each, eight (AVX2) or four (SSE4.1) at a time where
    /// neighbours have as many blocks, each otherwise alone: input i is <paramref name="lengths"/>[i] bytes at
    /// i × <paramref name="stride"/> in <paramref name="inputs"/>, zero from its end to the end of its last block; its hash
    /// goes to i × <see cref="HashBytes"/> in <paramref name="hashes"/>. The same hashes as <see cref="Hash(ReadOnlySpan{byte}, Span{byte})"/>
    /// one at a time, for a fraction of the time: one message alone leaves most of a core's SIMD width idle.
    /// </summary>
    internal static void HashChunks(ReadOnlySpan<byte> inputs, int stride, ReadOnlySpan<int> lengths, Span<byte> hashes, Blake3Isa isa)
    {
        var count = lengths.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(hashes.Length, count * HashBytes, nameof(hashes));
        isa = Blake3IsaSupport.Clamp(isa);
        for (var i = 0; i < count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)lengths[i], (uint)Math.Min(ChunkBytes, stride), nameof(lengths));
            ArgumentOutOfRangeException.ThrowIfLessThan(inputs.Length, i * stride + BlocksOf(lengths[i]) * BlockBytes, nameof(inputs));
        }
        ref var input = ref MemoryMarshal.GetReference(inputs);
        ref var output = ref MemoryMarshal.GetReference(hashes);
        var done = 0;
        while (done < count)
        {
            var blocks = BlocksOf(lengths[done]);
            var run = 1;
            while (done + run < count && BlocksOf(lengths[done + run]) == blocks)
                run++;
            var end = done + run;
            if (isa >= Blake3Isa.Avx2 && Avx2.IsSupported)
            {
                for (; end - done >= Blake3Avx2Kernel.Lanes; done += Blake3Avx2Kernel.Lanes)
                {
                    var last = Vector256.Create(LastBlockLength(lengths[done], blocks), LastBlockLength(lengths[done + 1], blocks),
                        LastBlockLength(lengths[done + 2], blocks), LastBlockLength(lengths[done + 3], blocks), LastBlockLength(lengths[done + 4], blocks),
                        LastBlockLength(lengths[done + 5], blocks), LastBlockLength(lengths[done + 6], blocks), LastBlockLength(lengths[done + 7], blocks));
                    Blake3Avx2Kernel.Hash(ref Unsafe.Add(ref input, (nint)done * stride), stride, blocks, 0, false, 0, ChunkStart, ChunkEnd | Root,
                        last, ref Unsafe.Add(ref output, done * HashBytes));
                }
            }
            if (isa >= Blake3Isa.Sse41 && Sse41.IsSupported)
            {
                for (; end - done >= Blake3Sse41Kernel.Lanes; done += Blake3Sse41Kernel.Lanes)
                {
                    var last = Vector128.Create(LastBlockLength(lengths[done], blocks), LastBlockLength(lengths[done + 1], blocks),
                        LastBlockLength(lengths[done + 2], blocks), LastBlockLength(lengths[done + 3], blocks));
                    Blake3Sse41Kernel.Hash(ref Unsafe.Add(ref input, (nint)done * stride), stride, blocks, 0, false, 0, ChunkStart, ChunkEnd | Root,
                        last, ref Unsafe.Add(ref output, done * HashBytes));
                }
            }
            for (; done < end; done++)
                Blake3Compression.ChunkCv(inputs.Slice(done * stride, lengths[done]), 0, Root, hashes.Slice(done * HashBytes, HashBytes), isa);
        }
    }

    // An input of up to one chunk is at least one block (the empty input is one empty block).
    private static int BlocksOf(int length) => Math.Max(1, (length + BlockBytes - 1) / BlockBytes);

    private static uint LastBlockLength(int length, int blocks) => (uint)(length - (blocks - 1) * BlockBytes);

    /// <summary>The CV (or with <see cref="Root"/> the hash) of the subtree over more than one chunk starting at chunk <paramref name="counter"/>.</summary>
    private static void SubtreeCv(ReadOnlySpan<byte> input, ulong counter, uint rootFlag, Span<byte> cv, Blake3Isa isa)
    {
        if (input.Length <= BatchChunks * ChunkBytes)
        {
            BatchCv(input, counter, rootFlag, cv, isa);
            return;
        }
        var chunks = (input.Length + ChunkBytes - 1) / ChunkBytes;
        // The largest power of two strictly below the chunk count: every earlier chunk goes left.
        var leftBytes = (int)BitOperations.RoundUpToPowerOf2((uint)chunks) / 2 * ChunkBytes;
        Span<byte> children = stackalloc byte[2 * CvBytes];
        SubtreeCv(input[..leftBytes], counter, 0, children, isa);
        var rightCounter = counter + (ulong)(leftBytes / ChunkBytes);
        if (input.Length - leftBytes <= ChunkBytes)
            Blake3Compression.ChunkCv(input[leftBytes..], rightCounter, 0, children[CvBytes..], isa);
        else
            SubtreeCv(input[leftBytes..], rightCounter, 0, children[CvBytes..], isa);
        Blake3Compression.ParentCv(children, rootFlag, cv, isa);
    }

    /// <summary>
    /// A subtree of 2..<see cref="BatchChunks"/> chunks: all chunk CVs first, then the levels of parents, each level
    /// pairing neighbours and carrying an odd last CV up unchanged — the same tree as the spec's recursive split.
    /// </summary>
    private static void BatchCv(ReadOnlySpan<byte> input, ulong counter, uint rootFlag, Span<byte> cv, Blake3Isa isa)
    {
        Span<byte> cvs = stackalloc byte[BatchChunks * CvBytes];
        var fullChunks = input.Length / ChunkBytes;
        HashMany(input, fullChunks, ChunkBytes, BlocksPerChunk, counter, true, 0, ChunkStart, ChunkEnd, cvs, isa);
        var count = fullChunks;
        if (input.Length % ChunkBytes != 0)
        {
            Blake3Compression.ChunkCv(input[(fullChunks * ChunkBytes)..], counter + (ulong)fullChunks, 0, cvs[(count * CvBytes)..], isa);
            count++;
        }
        while (count > 2)
        {
            var pairs = count / 2;
            // In place: parent i reads CVs 2i and 2i+1 and writes CV i; the kernels read all their input before writing.
            HashMany(cvs, pairs, 2 * CvBytes, 1, 0, false, Parent, 0, 0, cvs, isa);
            if (count % 2 == 1)
                cvs.Slice((count - 1) * CvBytes, CvBytes).CopyTo(cvs[(pairs * CvBytes)..]);
            count = pairs + count % 2;
        }
        Blake3Compression.ParentCv(cvs[..(2 * CvBytes)], rootFlag, cv, isa);
    }

    /// <summary>
    /// The CVs of <paramref name="count"/> inputs (whole chunks, or parent blocks) <paramref name="stride"/> bytes apart,
    /// eight, then four, then one at a time.
    /// </summary>
    private static void HashMany(ReadOnlySpan<byte> inputs, int count, int stride, int blocks, ulong counter, bool increment,
        uint flags, uint flagsStart, uint flagsEnd, Span<byte> cvs, Blake3Isa isa)
    {
        if (count == 0)
            return;
        ref var input = ref MemoryMarshal.GetReference(inputs);
        ref var output = ref MemoryMarshal.GetReference(cvs);
        var done = 0;
        if (isa >= Blake3Isa.Avx2 && Avx2.IsSupported)
        {
            for (; count - done >= Blake3Avx2Kernel.Lanes; done += Blake3Avx2Kernel.Lanes)
            {
                Blake3Avx2Kernel.Hash(ref Unsafe.Add(ref input, (nint)done * stride), stride, blocks, counter + (increment ? (ulong)done : 0),
                    increment, flags, flagsStart, flagsEnd, ref Unsafe.Add(ref output, done * CvBytes));
            }
        }
        if (isa >= Blake3Isa.Sse41 && Sse41.IsSupported)
        {
            for (; count - done >= Blake3Sse41Kernel.Lanes; done += Blake3Sse41Kernel.Lanes)
            {
                Blake3Sse41Kernel.Hash(ref Unsafe.Add(ref input, (nint)done * stride), stride, blocks, counter + (increment ? (ulong)done : 0),
                    increment, flags, flagsStart, flagsEnd, ref Unsafe.Add(ref output, done * CvBytes));
            }
        }
        for (; done < count; done++)
        {
            var one = inputs.Slice(done * stride, blocks * BlockBytes);
            if (flags == Parent)
                Blake3Compression.ParentCv(one, 0, cvs.Slice(done * CvBytes, CvBytes), isa);
            else
                Blake3Compression.ChunkCv(one, counter + (ulong)done, 0, cvs.Slice(done * CvBytes, CvBytes), isa);
        }
    }
}
