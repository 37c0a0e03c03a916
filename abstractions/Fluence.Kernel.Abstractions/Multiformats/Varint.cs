namespace Fluence.Kernel.Multiformats;

/// <summary>Unsigned LEB128 ("unsigned-varint" of the multiformats spec): length prefixes, multicodecs, multiaddr codes.</summary>
public static class Varint
{
    /// <summary>The multiformats spec caps a varint at 9 bytes (63 bits).</summary>
    public const int MaxLength = 9;

    public static int GetLength(ulong value)
    {
        int length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    public static byte[] Encode(ulong value)
    {
        var bytes = new byte[GetLength(value)];
        Write(bytes, value);
        return bytes;
    }

    /// <summary>
    /// Reads a varint. Returns false when <paramref name="source"/> ends before the varint does (more bytes may come);
    /// throws <see cref="FormatException"/> for a varint that can never be valid (too long, or not minimally encoded).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        value = 0;
        bytesRead = 0;
        for (int i = 0; i < source.Length; i++)
        {
            if (i >= MaxLength)
                throw new FormatException("varint is longer than 9 bytes");
            byte b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                    throw new FormatException("varint is not minimally encoded");
                bytesRead = i + 1;
                return true;
            }
        }
        if (source.Length >= MaxLength)
            throw new FormatException("varint is longer than 9 bytes");
        value = 0;
        return false;
    }

    /// <summary>Reads a complete varint or throws <see cref="FormatException"/>.</summary>
    public static ulong Read(ReadOnlySpan<byte> source, out int bytesRead)
    {
        if (!TryRead(source, out ulong value, out bytesRead))
            throw new FormatException("truncated varint");
        return value;
    }
}
