namespace Fluence.Kernel.Multiformats;

/// <summary>RFC 4648 base32, lower case, no padding (multibase <c>base32</c>, prefix 'b'), as CIDv1 text uses it.</summary>
public static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[EncodedLength(data.Length)];
        return new string(chars, 0, Encode(data, chars));
    }

    /// <summary>How many characters <see cref="Encode(ReadOnlySpan{byte}, Span{char})"/> writes for <paramref name="byteCount"/> bytes.</summary>
    public static int EncodedLength(int byteCount) => (byteCount * 8 + 4) / 5;

    /// <summary>Encodes into <paramref name="destination"/> (at least <see cref="EncodedLength"/> long); returns the characters written.</summary>
    public static int Encode(ReadOnlySpan<byte> data, Span<char> destination)
    {
        // Five bytes are eight characters: whole groups at once (CID text is made for every stored value), then the rest
        // bit by bit.
        int at = 0, n = 0;
        for (; at + 5 <= data.Length; at += 5, n += 8)
        {
            var group = ((ulong)data[at] << 32) | ((ulong)data[at + 1] << 24) | ((ulong)data[at + 2] << 16) | ((ulong)data[at + 3] << 8) | data[at + 4];
            var chars = destination.Slice(n, 8);
            for (var k = 0; k < 8; k++)
                chars[k] = Alphabet[(int)(group >> (35 - 5 * k)) & 31];
        }
        int buffer = 0, bits = 0;
        foreach (byte b in data[at..])
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                destination[n++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0)
            destination[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        return n;
    }

    /// <summary>Decodes either case; rejects padding and characters outside the alphabet.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes, out string? error)
    {
        bytes = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = char.ToLowerInvariant(text[i]);
            int v = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (v < 0)
            {
                error = $"'{text[i]}' at position {i} is not a base32 character";
                bytes = [];
                return false;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bytes[n++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        // Unpadded base32 leaves fewer than 5 spare bits, all zero; anything else is a different (truncated) value.
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0)
        {
            error = "base32 text has an invalid length or non-zero trailing bits";
            bytes = [];
            return false;
        }
        error = null;
        return true;
    }
}
