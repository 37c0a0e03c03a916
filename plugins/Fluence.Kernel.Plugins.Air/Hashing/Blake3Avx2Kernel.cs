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
    /// How many blocks ahead of the one being compressed each lane's input is prefetched: eight inputs 1 KiB apart are
    /// eight streams, more than the hardware prefetcher follows well once the input is out of L2 (1 MiB: 2.0 → 2.8 GB/s).
    /// </summary>
    private const int PrefetchBlocks = 4;

    /// <summary>
    /// Compresses 8 inputs <paramref name="stride"/> bytes apart, each <paramref name="blocks"/> blocks long, and writes
    /// their 8 chaining values (8 × 32 bytes) to <paramref name="output"/>. Input i has counter
    /// <paramref name="counter"/> (+ i when <paramref name="increment"/>); the first block adds <paramref name="flagsStart"/>,
    /// the last <paramref name="flagsEnd"/>. All input is read before any output is written, so output may overlap it.
    /// </summary>
    public static void Hash(ref byte input, nint stride, int blocks, ulong counter, bool increment,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output) =>
        Hash(ref input, stride, blocks, counter, increment, flags, flagsStart, flagsEnd, Vector256.Create((uint)BlockBytes), ref output);

    /// <summary>
    /// <see cref="Hash(ref byte, nint, int, ulong, bool, uint, uint, uint, ref byte)"/> with the length of each lane's last
    /// block given (lane i: <paramref name="lastBlockLengths"/>[i], 0..{BlockBytes}; the bytes after it zero): inputs of
    /// equal block counts but different lengths.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Hash(ref byte input, nint stride, int blocks, ulong counter, bool increment,
        uint flags, uint flagsStart, uint flagsEnd, Vector256<uint> lastBlockLengths, ref byte output)
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
            var blockLengths = b == blocks - 1 ? lastBlockLengths : Vector256.Create((uint)BlockBytes);
            if (b + PrefetchBlocks < blocks)
                Prefetch(ref Unsafe.Add(ref input, (b + PrefetchBlocks) * BlockBytes), stride);
            Compress(ref Unsafe.Add(ref input, b * BlockBytes), stride, counterLow, counterHigh, blockLengths, blockFlags,
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
    /// One block of every lane: transpose the message, then seven rounds fully unrolled, all state and message words as
    /// locals so the JIT keeps what fits in registers (helper calls per G left too many locals for it to track).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compress(ref byte block, nint stride, Vector256<uint> counterLow, Vector256<uint> counterHigh, Vector256<uint> blockLengths, uint flags,
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
        var (v12, v13, v14, v15) = (counterLow, counterHigh, blockLengths, Vector256.Create(flags));
        // Byte shuffles that rotate each 32-bit word right by 16 and by 8.
        var rotate16 = Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        var rotate8 = Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);
        // The G function on four columns (then four diagonals) side by side, one step at a time for all four; the
        // round's message words are the schedule's, spelled out (no permutation at run time).
        // Round 0, columns.
        v0 = v0 + m0 + v4;
        v1 = v1 + m2 + v5;
        v2 = v2 + m4 + v6;
        v3 = v3 + m6 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m1 + v4;
        v1 = v1 + m3 + v5;
        v2 = v2 + m5 + v6;
        v3 = v3 + m7 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 0, diagonals.
        v0 = v0 + m8 + v5;
        v1 = v1 + m10 + v6;
        v2 = v2 + m12 + v7;
        v3 = v3 + m14 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m9 + v5;
        v1 = v1 + m11 + v6;
        v2 = v2 + m13 + v7;
        v3 = v3 + m15 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
        // Round 1, columns.
        v0 = v0 + m2 + v4;
        v1 = v1 + m3 + v5;
        v2 = v2 + m7 + v6;
        v3 = v3 + m4 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m6 + v4;
        v1 = v1 + m10 + v5;
        v2 = v2 + m0 + v6;
        v3 = v3 + m13 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 1, diagonals.
        v0 = v0 + m1 + v5;
        v1 = v1 + m12 + v6;
        v2 = v2 + m9 + v7;
        v3 = v3 + m15 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m11 + v5;
        v1 = v1 + m5 + v6;
        v2 = v2 + m14 + v7;
        v3 = v3 + m8 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
        // Round 2, columns.
        v0 = v0 + m3 + v4;
        v1 = v1 + m10 + v5;
        v2 = v2 + m13 + v6;
        v3 = v3 + m7 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m4 + v4;
        v1 = v1 + m12 + v5;
        v2 = v2 + m2 + v6;
        v3 = v3 + m14 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 2, diagonals.
        v0 = v0 + m6 + v5;
        v1 = v1 + m9 + v6;
        v2 = v2 + m11 + v7;
        v3 = v3 + m8 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m5 + v5;
        v1 = v1 + m0 + v6;
        v2 = v2 + m15 + v7;
        v3 = v3 + m1 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
        // Round 3, columns.
        v0 = v0 + m10 + v4;
        v1 = v1 + m12 + v5;
        v2 = v2 + m14 + v6;
        v3 = v3 + m13 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m7 + v4;
        v1 = v1 + m9 + v5;
        v2 = v2 + m3 + v6;
        v3 = v3 + m15 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 3, diagonals.
        v0 = v0 + m4 + v5;
        v1 = v1 + m11 + v6;
        v2 = v2 + m5 + v7;
        v3 = v3 + m1 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m0 + v5;
        v1 = v1 + m2 + v6;
        v2 = v2 + m8 + v7;
        v3 = v3 + m6 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
        // Round 4, columns.
        v0 = v0 + m12 + v4;
        v1 = v1 + m9 + v5;
        v2 = v2 + m15 + v6;
        v3 = v3 + m14 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m13 + v4;
        v1 = v1 + m11 + v5;
        v2 = v2 + m10 + v6;
        v3 = v3 + m8 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 4, diagonals.
        v0 = v0 + m7 + v5;
        v1 = v1 + m5 + v6;
        v2 = v2 + m0 + v7;
        v3 = v3 + m6 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m2 + v5;
        v1 = v1 + m3 + v6;
        v2 = v2 + m1 + v7;
        v3 = v3 + m4 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
        // Round 5, columns.
        v0 = v0 + m9 + v4;
        v1 = v1 + m11 + v5;
        v2 = v2 + m8 + v6;
        v3 = v3 + m15 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m14 + v4;
        v1 = v1 + m5 + v5;
        v2 = v2 + m12 + v6;
        v3 = v3 + m1 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 5, diagonals.
        v0 = v0 + m13 + v5;
        v1 = v1 + m0 + v6;
        v2 = v2 + m2 + v7;
        v3 = v3 + m4 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m3 + v5;
        v1 = v1 + m10 + v6;
        v2 = v2 + m6 + v7;
        v3 = v3 + m7 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
        // Round 6, columns.
        v0 = v0 + m11 + v4;
        v1 = v1 + m5 + v5;
        v2 = v2 + m1 + v6;
        v3 = v3 + m8 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 12) | (v4 << 20);
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v0 = v0 + m15 + v4;
        v1 = v1 + m0 + v5;
        v2 = v2 + m9 + v6;
        v3 = v3 + m6 + v7;
        v12 = Avx2.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Avx2.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
        v8 += v12;
        v9 += v13;
        v10 += v14;
        v11 += v15;
        v4 ^= v8;
        v5 ^= v9;
        v6 ^= v10;
        v7 ^= v11;
        v4 = (v4 >>> 7) | (v4 << 25);
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        // Round 6, diagonals.
        v0 = v0 + m14 + v5;
        v1 = v1 + m2 + v6;
        v2 = v2 + m3 + v7;
        v3 = v3 + m7 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 12) | (v5 << 20);
        v6 = (v6 >>> 12) | (v6 << 20);
        v7 = (v7 >>> 12) | (v7 << 20);
        v4 = (v4 >>> 12) | (v4 << 20);
        v0 = v0 + m10 + v5;
        v1 = v1 + m12 + v6;
        v2 = v2 + m4 + v7;
        v3 = v3 + m13 + v4;
        v15 = Avx2.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Avx2.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Avx2.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Avx2.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
        v10 += v15;
        v11 += v12;
        v8 += v13;
        v9 += v14;
        v5 ^= v10;
        v6 ^= v11;
        v7 ^= v8;
        v4 ^= v9;
        v5 = (v5 >>> 7) | (v5 << 25);
        v6 = (v6 >>> 7) | (v6 << 25);
        v7 = (v7 >>> 7) | (v7 << 25);
        v4 = (v4 >>> 7) | (v4 << 25);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref byte block, nint stride)
    {
        for (var i = 0; i < Lanes; i++)
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref block, i * stride)));
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
