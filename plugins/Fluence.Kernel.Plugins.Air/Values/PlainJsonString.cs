using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// Recognises JSON text that is one string of printable ASCII with nothing escaped: a quote, then bytes 0x20–0x7F other
/// than a quote or a backslash, then a quote. Such text is valid UTF-8 and valid JSON, and its string is its bytes
/// between the quotes, so one scan proves what UTF-8 validation and a JSON parse would each scan the bytes to prove.
/// </summary>
internal static class PlainJsonString
{
    /// <summary>Whether <paramref name="utf8"/> is a plain JSON string (see the class).</summary>
    public static bool Is(ReadOnlySpan<byte> utf8) =>
        utf8.Length >= 2 && utf8[0] == (byte)'"' && utf8[^1] == (byte)'"' && IsPlainInside(utf8[1..^1]);

    private static bool IsPlainInside(ReadOnlySpan<byte> bytes)
    {
        ref var start = ref MemoryMarshal.GetReference(bytes);
        var length = (nuint)bytes.Length;
        nuint at = 0;
        if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<byte>.Count)
        {
            // Four vectors a step, their bad bytes or-ed together: one branch per 128 bytes.
            for (; at + 4 * (nuint)Vector256<byte>.Count <= length; at += 4 * (nuint)Vector256<byte>.Count)
            {
                var bad = Bad(Vector256.LoadUnsafe(ref start, at)) | Bad(Vector256.LoadUnsafe(ref start, at + (nuint)Vector256<byte>.Count)) |
                    Bad(Vector256.LoadUnsafe(ref start, at + 2 * (nuint)Vector256<byte>.Count)) | Bad(Vector256.LoadUnsafe(ref start, at + 3 * (nuint)Vector256<byte>.Count));
                if (bad != Vector256<byte>.Zero)
                    return false;
            }
            for (; at + (nuint)Vector256<byte>.Count <= length; at += (nuint)Vector256<byte>.Count)
            {
                if (Bad(Vector256.LoadUnsafe(ref start, at)) != Vector256<byte>.Zero)
                    return false;
            }
            // The last (overlapping) vector covers the tail.
            return at == length || Bad(Vector256.LoadUnsafe(ref start, length - (nuint)Vector256<byte>.Count)) == Vector256<byte>.Zero;
        }
        if (Vector128.IsHardwareAccelerated && length >= (nuint)Vector128<byte>.Count)
        {
            for (; at + (nuint)Vector128<byte>.Count <= length; at += (nuint)Vector128<byte>.Count)
            {
                if (Bad(Vector128.LoadUnsafe(ref start, at)) != Vector128<byte>.Zero)
                    return false;
            }
            return at == length || Bad(Vector128.LoadUnsafe(ref start, length - (nuint)Vector128<byte>.Count)) == Vector128<byte>.Zero;
        }
        for (; at < length; at++)
        {
            var b = Unsafe.Add(ref start, at);
            if (b < 0x20 || b >= 0x80 || b == (byte)'"' || b == (byte)'\\')
                return false;
        }
        return true;
    }

    // Bytes below 0x20 (control characters, which JSON escapes) and from 0x80 (not ASCII) are the signed bytes below
    // 0x20: one compare for both.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Bad(Vector256<byte> bytes) =>
        Vector256.LessThan(bytes.AsSByte(), Vector256.Create((sbyte)0x20)).AsByte() |
        Vector256.Equals(bytes, Vector256.Create((byte)'"')) | Vector256.Equals(bytes, Vector256.Create((byte)'\\'));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Bad(Vector128<byte> bytes) =>
        Vector128.LessThan(bytes.AsSByte(), Vector128.Create((sbyte)0x20)).AsByte() |
        Vector128.Equals(bytes, Vector128.Create((byte)'"')) | Vector128.Equals(bytes, Vector128.Create((byte)'\\'));
}
