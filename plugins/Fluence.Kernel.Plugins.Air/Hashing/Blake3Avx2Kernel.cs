using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Fluence.Kernel.Plugins.Air.Hashing.Blake3Constants;

namespace Fluence.Kernel.Plugins.Air.Hashing;

/// <summary>
/// Eight BLAKE3 inputs (chunks or parent nodes) at once with AVX2: one <see cref="Vector256{T}"/> per state word, lane i
/// belonging to input i (spec §5.3's wide SIMD). Message blocks are transposed into word-per-register form with unpack
/// and lane permutes; rotations by 16 and 8 are byte shuffles, by 12 and 7 shift/shift/or.
/// </summary>
internal static class Blake3Avx2Kernel
{
    public const int Lanes = 8;

    /// <summary>
    /// Compresses 8 inputs <paramref name="stride"/> bytes apart, each <paramref name="blocks"/> blocks long, and writes
    /// their 8 chaining values (8 × 32 bytes) to <paramref name="output"/>. Input i has counter
    /// <paramref name="counter"/> (+ i when <paramref name="increment"/>); the first block adds <paramref name="flagsStart"/>,
    /// the last <paramref name="flagsEnd"/>. All input is read before any output is written, so output may overlap it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hash(ref byte input, nint stride, int blocks, ulong counter, bool increment,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output)
    {
        var lanes = increment ? Vector256.Create(0ul, 1, 2, 3) : Vector256<ulong>.Zero;
        var low4 = Vector256.Create(counter) + lanes;
        var high4 = Vector256.Create(counter + (increment ? 4ul : 0ul)) + lanes;
        // Low and high halves of the eight 64-bit counters, one lane per input.
        var counterLow = Vector256.Narrow(low4, high4);
        var counterHigh = Vector256.Narrow(Vector256.ShiftRightLogical(low4, 32), Vector256.ShiftRightLogical(high4, 32));
        var (h0, h1, h2, h3) = (Vector256.Create(Iv0), Vector256.Create(Iv1), Vector256.Create(Iv2), Vector256.Create(Iv3));
        var (h4, h5, h6, h7) = (Vector256.Create(Iv4), Vector256.Create(Iv5), Vector256.Create(Iv6), Vector256.Create(Iv7));
        for (var b = 0; b < blocks; b++)
        {
            var blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            Compress(ref Unsafe.Add(ref input, b * BlockBytes), stride, counterLow, counterHigh, blockFlags,
                ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7);
        }
        Transpose(h0, h1, h2, h3, h4, h5, h6, h7, out var c0, out var c1, out var c2, out var c3, out var c4, out var c5, out var c6, out var c7);
        c0.AsByte().StoreUnsafe(ref output);
        c1.AsByte().StoreUnsafe(ref output, 32);
        c2.AsByte().StoreUnsafe(ref output, 64);
        c3.AsByte().StoreUnsafe(ref output, 96);
        c4.AsByte().StoreUnsafe(ref output, 128);
        c5.AsByte().StoreUnsafe(ref output, 160);
        c6.AsByte().StoreUnsafe(ref output, 192);
        c7.AsByte().StoreUnsafe(ref output, 224);
    }

    /// <summary>
    /// One block of every lane: transpose the message, seven rounds fully unrolled with the schedule's word order
    /// spelled out (no permutation at run time), all state and message words as locals so the JIT keeps what fits in
    /// registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(ref byte block, nint stride, Vector256<uint> counterLow, Vector256<uint> counterHigh, uint flags,
        ref Vector256<uint> h0, ref Vector256<uint> h1, ref Vector256<uint> h2, ref Vector256<uint> h3, ref Vector256<uint> h4, ref Vector256<uint> h5, ref Vector256<uint> h6, ref Vector256<uint> h7)
    {
        ref var low = ref block;
        ref var high = ref Unsafe.Add(ref block, 32);
        Transpose(Row(ref low, 0), Row(ref low, stride), Row(ref low, 2 * stride), Row(ref low, 3 * stride),
            Row(ref low, 4 * stride), Row(ref low, 5 * stride), Row(ref low, 6 * stride), Row(ref low, 7 * stride),
            out var m0, out var m1, out var m2, out var m3, out var m4, out var m5, out var m6, out var m7);
        Transpose(Row(ref high, 0), Row(ref high, stride), Row(ref high, 2 * stride), Row(ref high, 3 * stride),
            Row(ref high, 4 * stride), Row(ref high, 5 * stride), Row(ref high, 6 * stride), Row(ref high, 7 * stride),
            out var m8, out var m9, out var m10, out var m11, out var m12, out var m13, out var m14, out var m15);
        var (v0, v1, v2, v3, v4, v5, v6, v7) = (h0, h1, h2, h3, h4, h5, h6, h7);
        var (v8, v9, v10, v11) = (Vector256.Create(Iv0), Vector256.Create(Iv1), Vector256.Create(Iv2), Vector256.Create(Iv3));
        var (v12, v13, v14, v15) = (counterLow, counterHigh, Vector256.Create((uint)BlockBytes), Vector256.Create(flags));
        // Round 0: message words in schedule order 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15.
        G(ref v0, ref v4, ref v8, ref v12, m0, m1);
        G(ref v1, ref v5, ref v9, ref v13, m2, m3);
        G(ref v2, ref v6, ref v10, ref v14, m4, m5);
        G(ref v3, ref v7, ref v11, ref v15, m6, m7);
        G(ref v0, ref v5, ref v10, ref v15, m8, m9);
        G(ref v1, ref v6, ref v11, ref v12, m10, m11);
        G(ref v2, ref v7, ref v8, ref v13, m12, m13);
        G(ref v3, ref v4, ref v9, ref v14, m14, m15);
        // Round 1: message words in schedule order 2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8.
        G(ref v0, ref v4, ref v8, ref v12, m2, m6);
        G(ref v1, ref v5, ref v9, ref v13, m3, m10);
        G(ref v2, ref v6, ref v10, ref v14, m7, m0);
        G(ref v3, ref v7, ref v11, ref v15, m4, m13);
        G(ref v0, ref v5, ref v10, ref v15, m1, m11);
        G(ref v1, ref v6, ref v11, ref v12, m12, m5);
        G(ref v2, ref v7, ref v8, ref v13, m9, m14);
        G(ref v3, ref v4, ref v9, ref v14, m15, m8);
        // Round 2: message words in schedule order 3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1.
        G(ref v0, ref v4, ref v8, ref v12, m3, m4);
        G(ref v1, ref v5, ref v9, ref v13, m10, m12);
        G(ref v2, ref v6, ref v10, ref v14, m13, m2);
        G(ref v3, ref v7, ref v11, ref v15, m7, m14);
        G(ref v0, ref v5, ref v10, ref v15, m6, m5);
        G(ref v1, ref v6, ref v11, ref v12, m9, m0);
        G(ref v2, ref v7, ref v8, ref v13, m11, m15);
        G(ref v3, ref v4, ref v9, ref v14, m8, m1);
        // Round 3: message words in schedule order 10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6.
        G(ref v0, ref v4, ref v8, ref v12, m10, m7);
        G(ref v1, ref v5, ref v9, ref v13, m12, m9);
        G(ref v2, ref v6, ref v10, ref v14, m14, m3);
        G(ref v3, ref v7, ref v11, ref v15, m13, m15);
        G(ref v0, ref v5, ref v10, ref v15, m4, m0);
        G(ref v1, ref v6, ref v11, ref v12, m11, m2);
        G(ref v2, ref v7, ref v8, ref v13, m5, m8);
        G(ref v3, ref v4, ref v9, ref v14, m1, m6);
        // Round 4: message words in schedule order 12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4.
        G(ref v0, ref v4, ref v8, ref v12, m12, m13);
        G(ref v1, ref v5, ref v9, ref v13, m9, m11);
        G(ref v2, ref v6, ref v10, ref v14, m15, m10);
        G(ref v3, ref v7, ref v11, ref v15, m14, m8);
        G(ref v0, ref v5, ref v10, ref v15, m7, m2);
        G(ref v1, ref v6, ref v11, ref v12, m5, m3);
        G(ref v2, ref v7, ref v8, ref v13, m0, m1);
        G(ref v3, ref v4, ref v9, ref v14, m6, m4);
        // Round 5: message words in schedule order 9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7.
        G(ref v0, ref v4, ref v8, ref v12, m9, m14);
        G(ref v1, ref v5, ref v9, ref v13, m11, m5);
        G(ref v2, ref v6, ref v10, ref v14, m8, m12);
        G(ref v3, ref v7, ref v11, ref v15, m15, m1);
        G(ref v0, ref v5, ref v10, ref v15, m13, m3);
        G(ref v1, ref v6, ref v11, ref v12, m0, m10);
        G(ref v2, ref v7, ref v8, ref v13, m2, m6);
        G(ref v3, ref v4, ref v9, ref v14, m4, m7);
        // Round 6: message words in schedule order 11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13.
        G(ref v0, ref v4, ref v8, ref v12, m11, m15);
        G(ref v1, ref v5, ref v9, ref v13, m5, m0);
        G(ref v2, ref v6, ref v10, ref v14, m1, m9);
        G(ref v3, ref v7, ref v11, ref v15, m8, m6);
        G(ref v0, ref v5, ref v10, ref v15, m14, m10);
        G(ref v1, ref v6, ref v11, ref v12, m2, m12);
        G(ref v2, ref v7, ref v8, ref v13, m3, m4);
        G(ref v3, ref v4, ref v9, ref v14, m7, m13);
        h0 = v0 ^ v8;
        h1 = v1 ^ v9;
        h2 = v2 ^ v10;
        h3 = v3 ^ v11;
        h4 = v4 ^ v12;
        h5 = v5 ^ v13;
        h6 = v6 ^ v14;
        h7 = v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Row(ref byte at, nint offset) => Vector256.LoadUnsafe(ref Unsafe.Add(ref at, offset)).AsUInt32();

    /// <summary>
    /// The G function on one column or diagonal of every lane. Rotations by 16 and 8 are byte shuffles, by 12 and 7
    /// shift/shift/or; written out here rather than as helpers to keep the JIT's locals few in the unrolled rounds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d, Vector256<uint> mx, Vector256<uint> my)
    {
        a = a + mx + b;
        d = Avx2.Shuffle((d ^ a).AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
        c += d;
        b ^= c;
        b = (b >>> 12) | (b << 20);
        a = a + my + b;
        d = Avx2.Shuffle((d ^ a).AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
        c += d;
        b ^= c;
        b = (b >>> 7) | (b << 25);
    }

    /// <summary>8×8 transpose of 32-bit words: row i of the input becomes lane i of every output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        Vector256<uint> r0, Vector256<uint> r1, Vector256<uint> r2, Vector256<uint> r3,
        Vector256<uint> r4, Vector256<uint> r5, Vector256<uint> r6, Vector256<uint> r7,
        out Vector256<uint> w0, out Vector256<uint> w1, out Vector256<uint> w2, out Vector256<uint> w3,
        out Vector256<uint> w4, out Vector256<uint> w5, out Vector256<uint> w6, out Vector256<uint> w7)
    {
        // Pairs of rows interleaved by word, then by word pair: each 128-bit half then holds one word of rows 0–3
        // (or 4–7), the low half from words 0–3, the high half from words 4–7.
        var ab0 = Avx2.UnpackLow(r0, r1);
        var ab1 = Avx2.UnpackHigh(r0, r1);
        var cd0 = Avx2.UnpackLow(r2, r3);
        var cd1 = Avx2.UnpackHigh(r2, r3);
        var ef0 = Avx2.UnpackLow(r4, r5);
        var ef1 = Avx2.UnpackHigh(r4, r5);
        var gh0 = Avx2.UnpackLow(r6, r7);
        var gh1 = Avx2.UnpackHigh(r6, r7);
        var abcd0 = Avx2.UnpackLow(ab0.AsUInt64(), cd0.AsUInt64()).AsUInt32();
        var abcd1 = Avx2.UnpackHigh(ab0.AsUInt64(), cd0.AsUInt64()).AsUInt32();
        var abcd2 = Avx2.UnpackLow(ab1.AsUInt64(), cd1.AsUInt64()).AsUInt32();
        var abcd3 = Avx2.UnpackHigh(ab1.AsUInt64(), cd1.AsUInt64()).AsUInt32();
        var efgh0 = Avx2.UnpackLow(ef0.AsUInt64(), gh0.AsUInt64()).AsUInt32();
        var efgh1 = Avx2.UnpackHigh(ef0.AsUInt64(), gh0.AsUInt64()).AsUInt32();
        var efgh2 = Avx2.UnpackLow(ef1.AsUInt64(), gh1.AsUInt64()).AsUInt32();
        var efgh3 = Avx2.UnpackHigh(ef1.AsUInt64(), gh1.AsUInt64()).AsUInt32();
        w0 = Avx2.Permute2x128(abcd0, efgh0, 0x20);
        w1 = Avx2.Permute2x128(abcd1, efgh1, 0x20);
        w2 = Avx2.Permute2x128(abcd2, efgh2, 0x20);
        w3 = Avx2.Permute2x128(abcd3, efgh3, 0x20);
        w4 = Avx2.Permute2x128(abcd0, efgh0, 0x31);
        w5 = Avx2.Permute2x128(abcd1, efgh1, 0x31);
        w6 = Avx2.Permute2x128(abcd2, efgh2, 0x31);
        w7 = Avx2.Permute2x128(abcd3, efgh3, 0x31);
    }
}
