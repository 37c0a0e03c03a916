using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// A CID digest's 52 base32 digits (RFC 4648 lower case, no padding) with byte shuffles: the 32 bytes are six five-byte
/// groups and a tail of two bytes, read as a seventh group padded with zeros (its first four digits are the text's
/// last four). Every digit is made in a 16-bit lane: a shuffle puts the big-endian pair of bytes holding its five bits
/// in the lane, an unsigned multiply-high by 2^(16 − shift) shifts each lane by its own amount, a mask keeps five bits,
/// and a compare adds 'a' or '2' − 26. The lanes are already UTF-16; UTF-8 packs them to bytes.
/// </summary>
internal static class DigestBase32Vector
{
    // Digit i of a group: its five bits start at bit 5i, in byte 5i / 8, so they are the 16-bit big-endian word of
    // bytes (5i / 8, 5i / 8 + 1) shifted right by 11 − 5i % 8.
    private static readonly Vector128<ushort> Multipliers = Vector128.Create(
        (ushort)(1 << 5), 1 << 10, 1 << 7, 1 << 12, 1 << 9, 1 << 6, 1 << 11, 1 << 8);

    // Shuffles for a group starting at byte `at` of a 16-byte load; `last` is the group's last byte (4, or 1 for the tail).
    private static Vector128<byte> GroupShuffle(int at, int last)
    {
        Span<byte> indices = stackalloc byte[16];
        for (var digit = 0; digit < 8; digit++)
        {
            var high = 5 * digit / 8;
            indices[2 * digit] = high + 1 <= last ? (byte)(at + high + 1) : (byte)0x80;
            indices[2 * digit + 1] = high <= last ? (byte)(at + high) : (byte)0x80;
        }
        return Vector128.Create((ReadOnlySpan<byte>)indices);
    }

    // Loads at bytes 0, 10 and 16 of the digest (all inside its 32 bytes) hold every group whole: groups 0, 1 at 0 and 5
    // of the first; 2, 3, 4 at 0, 5, 10 of the second; 5 at 9 and the tail (bytes 30, 31) at 14 of the third.
    private static readonly Vector128<byte> At0 = GroupShuffle(0, 4);
    private static readonly Vector128<byte> At5 = GroupShuffle(5, 4);
    private static readonly Vector128<byte> At9 = GroupShuffle(9, 4);
    private static readonly Vector128<byte> At10 = GroupShuffle(10, 4);
    private static readonly Vector128<byte> Tail = GroupShuffle(14, 1);

    private static readonly Vector256<byte> At0At5 = Vector256.Create(At0, At5);
    private static readonly Vector256<byte> At10At9 = Vector256.Create(At10, At9);
    private static readonly Vector256<ushort> Multipliers256 = Vector256.Create(Multipliers, Multipliers);

    /// <summary>Writes the 52 digits of a 32-byte digest as UTF-8 (52 bytes at <paramref name="text"/>).</summary>
    public static void WriteUtf8(ref byte digest, ref byte text, bool avx2)
    {
        var first = Vector128.LoadUnsafe(ref digest);
        var middle = Vector128.LoadUnsafe(ref digest, 10);
        var last = Vector128.LoadUnsafe(ref digest, 16);
        var tail = Digits(last, Tail);
        if (avx2)
        {
            var groups01 = Digits(Vector256.Create(first, first), At0At5);
            var groups23 = Digits(Vector256.Create(middle, middle), At0At5);
            var groups45 = Digits(Vector256.Create(middle, last), At10At9);
            // Packing works within 128-bit lanes: (0, 2 | 1, 3) → 0, 1, 2, 3.
            var packed = Avx2.PackUnsignedSaturate(groups01.AsInt16(), groups23.AsInt16()).AsUInt64();
            Avx2.Permute4x64(packed, 0b11_01_10_00).AsByte().StoreUnsafe(ref text);
            var rest = Avx2.PackUnsignedSaturate(groups45.AsInt16(), Vector256.Create(tail, tail).AsInt16()).AsUInt64();
            // (4, tail | 5, tail): the low halves of both lanes, then the tail's first four digits.
            Vector128.Create(rest.GetElement(0), rest.GetElement(2)).AsByte().StoreUnsafe(ref text, 32);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref text, 48), rest.AsUInt32().GetElement(2));
            return;
        }
        Sse2.PackUnsignedSaturate(Digits(first, At0).AsInt16(), Digits(first, At5).AsInt16()).StoreUnsafe(ref text);
        Sse2.PackUnsignedSaturate(Digits(middle, At0).AsInt16(), Digits(middle, At5).AsInt16()).StoreUnsafe(ref text, 16);
        Sse2.PackUnsignedSaturate(Digits(middle, At10).AsInt16(), Digits(last, At9).AsInt16()).StoreUnsafe(ref text, 32);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref text, 48), Sse2.PackUnsignedSaturate(tail.AsInt16(), tail.AsInt16()).AsUInt32().ToScalar());
    }

    /// <summary>Writes the 52 digits of a 32-byte digest as UTF-16 (52 characters at <paramref name="text"/>).</summary>
    public static void WriteUtf16(ref byte digest, ref ushort text, bool avx2)
    {
        var first = Vector128.LoadUnsafe(ref digest);
        var middle = Vector128.LoadUnsafe(ref digest, 10);
        var last = Vector128.LoadUnsafe(ref digest, 16);
        if (avx2)
        {
            Digits(Vector256.Create(first, first), At0At5).StoreUnsafe(ref text);
            Digits(Vector256.Create(middle, middle), At0At5).StoreUnsafe(ref text, 16);
            Digits(Vector256.Create(middle, last), At10At9).StoreUnsafe(ref text, 32);
        }
        else
        {
            Digits(first, At0).StoreUnsafe(ref text);
            Digits(first, At5).StoreUnsafe(ref text, 8);
            Digits(middle, At0).StoreUnsafe(ref text, 16);
            Digits(middle, At5).StoreUnsafe(ref text, 24);
            Digits(middle, At10).StoreUnsafe(ref text, 32);
            Digits(last, At9).StoreUnsafe(ref text, 40);
        }
        Unsafe.WriteUnaligned(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref text, 48)), Digits(last, Tail).AsUInt64().ToScalar());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Digits(Vector128<byte> bytes, Vector128<byte> shuffle)
    {
        var words = Ssse3.Shuffle(bytes, shuffle).AsUInt16();
        var values = Sse2.MultiplyHigh(words, Multipliers) & Vector128.Create((ushort)31);
        // 0..25 → 'a'..'z', 26..31 → '2'..'7' ('2' − 26 = 'a' − 73).
        var late = Vector128.GreaterThan(values.AsInt16(), Vector128.Create((short)25)).AsUInt16();
        return values + Vector128.Create((ushort)'a') - (late & Vector128.Create((ushort)73));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Digits(Vector256<byte> bytes, Vector256<byte> shuffle)
    {
        var words = Avx2.Shuffle(bytes, shuffle).AsUInt16();
        var values = Avx2.MultiplyHigh(words, Multipliers256) & Vector256.Create((ushort)31);
        var late = Vector256.GreaterThan(values.AsInt16(), Vector256.Create((short)25)).AsUInt16();
        return values + Vector256.Create((ushort)'a') - (late & Vector256.Create((ushort)73));
    }
}
