using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Fluence.Kernel.Plugins.Air.Hashing.Blake3Constants;

namespace Fluence.Kernel.Plugins.Air.Hashing;

/// <summary>
/// Four BLAKE3 inputs (chunks or parent nodes) at once with SSE4.1: one <see cref="Vector128{T}"/> per state word,
/// lane i belonging to input i. The tail of a large input after the eight-way kernel, and the wide path without AVX2.
/// </summary>
internal static class Blake3Sse41Kernel
{
    public const int Lanes = 4;

    /// <summary>
    /// Compresses 4 inputs <paramref name="stride"/> bytes apart, each <paramref name="blocks"/> blocks long, and writes
    /// their 4 chaining values (4 × 32 bytes) to <paramref name="output"/>. Input i has counter
    /// <paramref name="counter"/> (+ i when <paramref name="increment"/>); the first block adds <paramref name="flagsStart"/>,
    /// the last <paramref name="flagsEnd"/>. All input is read before any output is written, so output may overlap it.
    /// </summary>
    public static void Hash(ref byte input, nint stride, int blocks, ulong counter, bool increment,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output) =>
        Hash(ref input, stride, blocks, counter, increment, flags, flagsStart, flagsEnd, Vector128.Create((uint)BlockBytes), ref output);

    /// <summary>
    /// <see cref="Hash(ref byte, nint, int, ulong, bool, uint, uint, uint, ref byte)"/> with the length of each lane's last
    /// block given (lane i: <paramref name="lastBlockLengths"/>[i], 0..{BlockBytes}; the bytes after it zero): inputs of
    /// equal block counts but different lengths.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Hash(ref byte input, nint stride, int blocks, ulong counter, bool increment,
        uint flags, uint flagsStart, uint flagsEnd, Vector128<uint> lastBlockLengths, ref byte output)
    {
        var lanes = increment ? Vector128.Create(0ul, 1) : Vector128<ulong>.Zero;
        var low2 = Vector128.Create(counter) + lanes;
        var high2 = Vector128.Create(counter + (increment ? 2ul : 0ul)) + lanes;
        // Low and high halves of the four 64-bit counters, one lane per input.
        var counterLow = Vector128.Narrow(low2, high2);
        var counterHigh = Vector128.Narrow(Vector128.ShiftRightLogical(low2, 32), Vector128.ShiftRightLogical(high2, 32));
        var (h0, h1, h2, h3) = (Vector128.Create(Iv0), Vector128.Create(Iv1), Vector128.Create(Iv2), Vector128.Create(Iv3));
        var (h4, h5, h6, h7) = (Vector128.Create(Iv4), Vector128.Create(Iv5), Vector128.Create(Iv6), Vector128.Create(Iv7));
        for (var b = 0; b < blocks; b++)
        {
            var blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
            var blockLengths = b == blocks - 1 ? lastBlockLengths : Vector128.Create((uint)BlockBytes);
            Compress(ref Unsafe.Add(ref input, b * BlockBytes), stride, counterLow, counterHigh, blockLengths, blockFlags,
                ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7);
        }
        Transpose(h0, h1, h2, h3, out var c0, out var c1, out var c2, out var c3);
        Transpose(h4, h5, h6, h7, out var d0, out var d1, out var d2, out var d3);
        c0.AsByte().StoreUnsafe(ref output);
        d0.AsByte().StoreUnsafe(ref output, 16);
        c1.AsByte().StoreUnsafe(ref output, 32);
        d1.AsByte().StoreUnsafe(ref output, 48);
        c2.AsByte().StoreUnsafe(ref output, 64);
        d2.AsByte().StoreUnsafe(ref output, 80);
        c3.AsByte().StoreUnsafe(ref output, 96);
        d3.AsByte().StoreUnsafe(ref output, 112);
    }

    /// <summary>
    /// One block of every lane: transpose the message, then seven rounds fully unrolled, all state and message words as
    /// locals so the JIT keeps what fits in registers (helper calls per G left too many locals for it to track).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Compress(ref byte block, nint stride, Vector128<uint> counterLow, Vector128<uint> counterHigh, Vector128<uint> blockLengths, uint flags,
        ref Vector128<uint> h0, ref Vector128<uint> h1, ref Vector128<uint> h2, ref Vector128<uint> h3, ref Vector128<uint> h4, ref Vector128<uint> h5, ref Vector128<uint> h6, ref Vector128<uint> h7)
    {
        ref var q0 = ref Unsafe.Add(ref block, 0);
        Transpose(Row(ref q0, 0), Row(ref q0, stride), Row(ref q0, 2 * stride), Row(ref q0, 3 * stride),
            out var m0, out var m1, out var m2, out var m3);
        ref var q1 = ref Unsafe.Add(ref block, 16);
        Transpose(Row(ref q1, 0), Row(ref q1, stride), Row(ref q1, 2 * stride), Row(ref q1, 3 * stride),
            out var m4, out var m5, out var m6, out var m7);
        ref var q2 = ref Unsafe.Add(ref block, 32);
        Transpose(Row(ref q2, 0), Row(ref q2, stride), Row(ref q2, 2 * stride), Row(ref q2, 3 * stride),
            out var m8, out var m9, out var m10, out var m11);
        ref var q3 = ref Unsafe.Add(ref block, 48);
        Transpose(Row(ref q3, 0), Row(ref q3, stride), Row(ref q3, 2 * stride), Row(ref q3, 3 * stride),
            out var m12, out var m13, out var m14, out var m15);
        var (v0, v1, v2, v3, v4, v5, v6, v7) = (h0, h1, h2, h3, h4, h5, h6, h7);
        var (v8, v9, v10, v11) = (Vector128.Create(Iv0), Vector128.Create(Iv1), Vector128.Create(Iv2), Vector128.Create(Iv3));
        var (v12, v13, v14, v15) = (counterLow, counterHigh, blockLengths, Vector128.Create(flags));
        // Byte shuffles that rotate each 32-bit word right by 16 and by 8.
        var rotate16 = Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
        var rotate8 = Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);
        // The G function on four columns (then four diagonals) side by side, one step at a time for all four; the
        // round's message words are the schedule's, spelled out (no permutation at run time).
        // Round 0, columns.
        v0 = v0 + m0 + v4;
        v1 = v1 + m2 + v5;
        v2 = v2 + m4 + v6;
        v3 = v3 + m6 + v7;
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate16).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v12 = Ssse3.Shuffle((v12 ^ v0).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v1).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v2).AsByte(), rotate8).AsUInt32();
        v15 = Ssse3.Shuffle((v15 ^ v3).AsByte(), rotate8).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate16).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate16).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate16).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate16).AsUInt32();
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
        v15 = Ssse3.Shuffle((v15 ^ v0).AsByte(), rotate8).AsUInt32();
        v12 = Ssse3.Shuffle((v12 ^ v1).AsByte(), rotate8).AsUInt32();
        v13 = Ssse3.Shuffle((v13 ^ v2).AsByte(), rotate8).AsUInt32();
        v14 = Ssse3.Shuffle((v14 ^ v3).AsByte(), rotate8).AsUInt32();
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
    private static Vector128<uint> Row(ref byte at, nint offset) => Vector128.LoadUnsafe(ref Unsafe.Add(ref at, offset)).AsUInt32();

    /// <summary>4×4 transpose of 32-bit words: row i of the input becomes lane i of every output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(Vector128<uint> r0, Vector128<uint> r1, Vector128<uint> r2, Vector128<uint> r3,
        out Vector128<uint> w0, out Vector128<uint> w1, out Vector128<uint> w2, out Vector128<uint> w3)
    {
        var ab0 = Sse2.UnpackLow(r0, r1);
        var ab1 = Sse2.UnpackHigh(r0, r1);
        var cd0 = Sse2.UnpackLow(r2, r3);
        var cd1 = Sse2.UnpackHigh(r2, r3);
        w0 = Sse2.UnpackLow(ab0.AsUInt64(), cd0.AsUInt64()).AsUInt32();
        w1 = Sse2.UnpackHigh(ab0.AsUInt64(), cd0.AsUInt64()).AsUInt32();
        w2 = Sse2.UnpackLow(ab1.AsUInt64(), cd1.AsUInt64()).AsUInt32();
        w3 = Sse2.UnpackHigh(ab1.AsUInt64(), cd1.AsUInt64()).AsUInt32();
    }
}
