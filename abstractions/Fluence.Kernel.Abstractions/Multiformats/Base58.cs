namespace Fluence.Kernel.Multiformats;

/// <summary>Base58 with the Bitcoin alphabet (multibase <c>base58btc</c>), as peer ids and CIDv0 use it.</summary>
public static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Map = BuildMap();

    private static sbyte[] BuildMap()
    {
        var map = new sbyte[128];
        Array.Fill(map, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++)
            map[Alphabet[i]] = (sbyte)i;
        return map;
    }

    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
            zeros++;
        // log(256) / log(58) ≈ 1.366
        int size = (data.Length - zeros) * 138 / 100 + 1;
        Span<byte> digits = size <= 512 ? stackalloc byte[size] : new byte[size];
        int length = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            int j = 0;
            for (int k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * digits[k];
                digits[k] = (byte)(carry % 58);
                carry /= 58;
            }
            length = j;
        }
        int start = size - length;
        while (start < size && digits[start] == 0)
            start++;
        return string.Create(zeros + size - start, (zeros, start, digits.ToArray()), static (chars, state) =>
        {
            chars[..state.zeros].Fill('1');
            for (int i = state.zeros, k = state.start; i < chars.Length; i++, k++)
                chars[i] = Alphabet[state.Item3[k]];
        });
    }

    public static byte[] Decode(ReadOnlySpan<char> text)
    {
        if (!TryDecode(text, out var bytes, out var error))
            throw new FormatException(error);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes, out string? error)
    {
        bytes = [];
        int zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
            zeros++;
        int size = (text.Length - zeros) * 733 / 1000 + 1;
        Span<byte> b256 = size <= 512 ? stackalloc byte[size] : new byte[size];
        int length = 0;
        for (int i = zeros; i < text.Length; i++)
        {
            char c = text[i];
            int carry = c < 128 ? Map[c] : -1;
            if (carry < 0)
            {
                error = $"'{c}' at position {i} is not a base58btc character";
                return false;
            }
            int j = 0;
            for (int k = size - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * b256[k];
                b256[k] = (byte)(carry % 256);
                carry /= 256;
            }
            length = j;
        }
        int start = size - length;
        while (start < size && b256[start] == 0)
            start++;
        bytes = new byte[zeros + size - start];
        b256[start..].CopyTo(bytes.AsSpan(zeros));
        error = null;
        return true;
    }
}
