using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Fluence.Kernel.Plugins.Air.Hashing.Blake3Constants;

namespace Fluence.Kernel.Plugins.Air.Hashing;

/// <summary>
/// One BLAKE3 compression at a time (spec §2.2): the chaining value of one chunk (up to 16 blocks) or of one parent
/// node. With SSE4.1 the 4×4 state is four 128-bit rows (the column step on the rows as they are, the diagonal step
/// after rotating rows 1–3), and the message words are moved into each round's order with shuffles; otherwise scalar.
/// The SIMD paths are compiled fully optimised at once and never inlined (NoInlining | AggressiveOptimization):
/// unoptimised first-tier code of these helper-heavy kernels is tens of times slower, a peer may hash one large value
/// only a few times, and inlined into a large tier-1 caller the JIT ran out of inlining budget and left G and the
/// rotations as calls (1 KiB: 1.4 → 10 µs).
/// </summary>
internal static class Blake3Compression
{
    /// <summary>A block's bytes, zero-padded when the input ends inside it.</summary>
    [InlineArray(BlockBytes)]
    private struct PaddedBlock
    {
        private byte _first;
    }

    /// <summary>The chaining value (or, with <see cref="Root"/> in <paramref name="rootFlag"/>, the hash) of one chunk of 0..1,024 bytes.</summary>
    public static void ChunkCv(ReadOnlySpan<byte> chunk, ulong counter, uint rootFlag, Span<byte> cv, Blake3Isa isa)
    {
        if (isa >= Blake3Isa.Sse41 && Sse41.IsSupported)
            ChunkCvRows(chunk, counter, rootFlag, cv);
        else
            ChunkCvScalar(chunk, counter, rootFlag, cv);
    }

    /// <summary>The chaining value (or the hash, with <see cref="Root"/>) of a parent node over its two children's CVs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void ParentCv(ReadOnlySpan<byte> children, uint flags, Span<byte> cv, Blake3Isa isa)
    {
        if (isa >= Blake3Isa.Sse41 && Sse41.IsSupported)
        {
            ref var output = ref MemoryMarshal.GetReference(cv);
            Compress(IvRow0, IvRow1, ref MemoryMarshal.GetReference(children), BlockBytes, 0, flags | Parent, out var cv0, out var cv1);
            cv0.AsByte().StoreUnsafe(ref output);
            cv1.AsByte().StoreUnsafe(ref output, 16);
        }
        else
        {
            Span<uint> state = [Iv0, Iv1, Iv2, Iv3, Iv4, Iv5, Iv6, Iv7];
            CompressScalar(state, children[..BlockBytes], BlockBytes, 0, flags | Parent);
            WriteWords(state, cv);
        }
    }

    private static Vector128<uint> IvRow0 => Vector128.Create(Iv0, Iv1, Iv2, Iv3);

    private static Vector128<uint> IvRow1 => Vector128.Create(Iv4, Iv5, Iv6, Iv7);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ChunkCvRows(ReadOnlySpan<byte> chunk, ulong counter, uint rootFlag, Span<byte> cv)
    {
        ref var input = ref MemoryMarshal.GetReference(chunk);
        var (cv0, cv1) = (IvRow0, IvRow1);
        var flags = ChunkStart;
        var offset = 0;
        for (; offset + BlockBytes < chunk.Length; offset += BlockBytes)
        {
            Compress(cv0, cv1, ref Unsafe.Add(ref input, offset), BlockBytes, counter, flags, out cv0, out cv1);
            flags = 0;
        }
        var lastLength = chunk.Length - offset;
        flags |= ChunkEnd | rootFlag;
        if (lastLength == BlockBytes)
        {
            Compress(cv0, cv1, ref Unsafe.Add(ref input, offset), BlockBytes, counter, flags, out cv0, out cv1);
        }
        else
        {
            var padded = default(PaddedBlock);
            chunk[offset..].CopyTo(padded);
            Compress(cv0, cv1, ref padded[0], (uint)lastLength, counter, flags, out cv0, out cv1);
        }
        ref var output = ref MemoryMarshal.GetReference(cv);
        cv0.AsByte().StoreUnsafe(ref output);
        cv1.AsByte().StoreUnsafe(ref output, 16);
    }

    /// <summary>One compression on four rows; returns the first half of the output, the next chaining value.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compress(Vector128<uint> cv0, Vector128<uint> cv1, ref byte block, uint blockLength, ulong counter, uint flags,
        out Vector128<uint> out0, out Vector128<uint> out1)
    {
        ref var words = ref Unsafe.As<byte, uint>(ref block);
        var w0 = Vector128.LoadUnsafe(ref words).AsSingle();
        var w1 = Vector128.LoadUnsafe(ref words, 4).AsSingle();
        var w2 = Vector128.LoadUnsafe(ref words, 8).AsSingle();
        var w3 = Vector128.LoadUnsafe(ref words, 12).AsSingle();
        // Round 0's words in the order the G steps take them: even/odd words of the column step, then of the diagonal step.
        var m0 = Sse.Shuffle(w0, w1, 0x88);
        var m1 = Sse.Shuffle(w0, w1, 0xDD);
        var m2 = Sse.Shuffle(w2, w3, 0x88);
        var m3 = Sse.Shuffle(w2, w3, 0xDD);

        var r0 = cv0;
        var r1 = cv1;
        var r2 = IvRow0;
        var r3 = Vector128.Create((uint)counter, (uint)(counter >> 32), blockLength, flags);

        Round(ref r0, ref r1, ref r2, ref r3, m0, m1, m2, m3);
        for (var round = 1; round < Rounds; round++)
        {
            Permute(ref m0, ref m1, ref m2, ref m3);
            Round(ref r0, ref r1, ref r2, ref r3, m0, m1, m2, m3);
        }
        out0 = r0 ^ r2;
        out1 = r1 ^ r3;
    }

    /// <summary>
    /// The next round's message order from this round's: with m the words of this round in schedule order, the next
    /// round's column-step words are (m2, m3, m7, m4 | m6, m10, m0, m13) and its diagonal-step words
    /// (m1, m12, m9, m15 | m11, m5, m14, m8) — P applied once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Permute(ref Vector128<float> m0, ref Vector128<float> m1, ref Vector128<float> m2, ref Vector128<float> m3)
    {
        var n0 = Sse2.Shuffle(Sse.Shuffle(m0, m1, 0xD9).AsUInt32(), 0x78).AsSingle();
        var n1 = Sse.Shuffle(Sse.Shuffle(m0, m2, 0x5F), Sse.Shuffle(m0, m3, 0xA0), 0x88);
        var n2 = Sse.Shuffle(Sse.Shuffle(m1, m2, 0xA0), m3, 0xC8);
        var n3 = Sse.Shuffle(Sse.Shuffle(m3, m1, 0xA5), m2, 0x38);
        (m0, m1, m2, m3) = (n0, n1, n2, n3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref Vector128<uint> r0, ref Vector128<uint> r1, ref Vector128<uint> r2, ref Vector128<uint> r3,
        Vector128<float> m0, Vector128<float> m1, Vector128<float> m2, Vector128<float> m3)
    {
        G(ref r0, ref r1, ref r2, ref r3, m0.AsUInt32(), m1.AsUInt32());
        // Diagonalise: lane i now holds the diagonal (i, 4 + (i+1)%4, 8 + (i+2)%4, 12 + (i+3)%4).
        r1 = Sse2.Shuffle(r1, 0x39);
        r2 = Sse2.Shuffle(r2, 0x4E);
        r3 = Sse2.Shuffle(r3, 0x93);
        G(ref r0, ref r1, ref r2, ref r3, m2.AsUInt32(), m3.AsUInt32());
        r1 = Sse2.Shuffle(r1, 0x93);
        r2 = Sse2.Shuffle(r2, 0x4E);
        r3 = Sse2.Shuffle(r3, 0x39);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d,
        Vector128<uint> mx, Vector128<uint> my)
    {
        a = a + mx + b;
        d = RotateRight16(d ^ a);
        c += d;
        b = RotateRight12(b ^ c);
        a = a + my + b;
        d = RotateRight8(d ^ a);
        c += d;
        b = RotateRight7(b ^ c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateRight16(Vector128<uint> x) =>
        Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateRight8(Vector128<uint> x) =>
        Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateRight12(Vector128<uint> x) =>
        Vector128.ShiftRightLogical(x, 12) | Vector128.ShiftLeft(x, 20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateRight7(Vector128<uint> x) =>
        Vector128.ShiftRightLogical(x, 7) | Vector128.ShiftLeft(x, 25);

    private static void ChunkCvScalar(ReadOnlySpan<byte> chunk, ulong counter, uint rootFlag, Span<byte> cv)
    {
        Span<uint> state = [Iv0, Iv1, Iv2, Iv3, Iv4, Iv5, Iv6, Iv7];
        var flags = ChunkStart;
        var offset = 0;
        for (; offset + BlockBytes < chunk.Length; offset += BlockBytes)
        {
            CompressScalar(state, chunk.Slice(offset, BlockBytes), BlockBytes, counter, flags);
            flags = 0;
        }
        var padded = default(PaddedBlock);
        chunk[offset..].CopyTo(padded);
        CompressScalar(state, padded, (uint)(chunk.Length - offset), counter, flags | ChunkEnd | rootFlag);
        WriteWords(state, cv);
    }

    /// <summary>The spec's compression function in plain arithmetic; <paramref name="cv"/> (8 words) becomes the next chaining value.</summary>
    internal static void CompressScalar(Span<uint> cv, ReadOnlySpan<byte> block, uint blockLength, ulong counter, uint flags)
    {
        Span<uint> m = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
            m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        Span<uint> v = stackalloc uint[16];
        cv[..8].CopyTo(v);
        v[8] = Iv0;
        v[9] = Iv1;
        v[10] = Iv2;
        v[11] = Iv3;
        v[12] = (uint)counter;
        v[13] = (uint)(counter >> 32);
        v[14] = blockLength;
        v[15] = flags;
        var schedule = Schedule;
        for (var round = 0; round < Rounds; round++)
        {
            var s = schedule.Slice(16 * round, 16);
            G(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            G(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            G(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            G(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            G(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            G(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            G(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            G(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (var i = 0; i < 8; i++)
            cv[i] = v[i] ^ v[i + 8];
    }

    private static void G(Span<uint> v, int a, int b, int c, int d, uint mx, uint my)
    {
        v[a] = v[a] + v[b] + mx;
        v[d] = uint.RotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = uint.RotateRight(v[b] ^ v[c], 12);
        v[a] = v[a] + v[b] + my;
        v[d] = uint.RotateRight(v[d] ^ v[a], 8);
        v[c] = v[c] + v[d];
        v[b] = uint.RotateRight(v[b] ^ v[c], 7);
    }

    private static void WriteWords(ReadOnlySpan<uint> words, Span<byte> bytes)
    {
        for (var i = 0; i < 8; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(4 * i)..], words[i]);
    }
}
