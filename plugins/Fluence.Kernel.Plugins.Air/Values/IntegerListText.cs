using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// Reads JSON text that is a non-empty list of unsigned integers written compactly (<c>[0,1,2]</c>: what a service
/// returns for a list of numbers) straight from its characters or UTF-8 bytes: the tree the token reader makes of it
/// (u64 values) without reading it token by token (nor transcoding a string first). Anything else (whitespace, signs,
/// fractions, more than 19 digits, bad JSON) is left to the token reader.
/// </summary>
internal static class IntegerListText
{
    // Any 19 digits fit a u64; the token reader takes longer numbers.
    private const int MaxDigits = 19;

    private static readonly SearchValues<char> DigitsAndCommas = SearchValues.Create("0123456789,");
    private static readonly SearchValues<byte> Utf8DigitsAndCommas = SearchValues.Create("0123456789,"u8);

    /// <summary>The list, and its serde_json text (the text itself, as UTF-8).</summary>
    public static bool TryRead(string text, [NotNullWhen(true)] out JsonArray? array, [NotNullWhen(true)] out byte[]? serdeUtf8)
    {
        serdeUtf8 = null;
        if (!IsIntegerList(text.AsSpan(), DigitsAndCommas) || !TryReadList(text.AsSpan(), out array))
        {
            array = null;
            return false;
        }
        serdeUtf8 = Encoding.ASCII.GetBytes(text);
        return true;
    }

    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out JsonArray? array)
    {
        array = null;
        return IsIntegerList(utf8, Utf8DigitsAndCommas) && TryReadList(utf8, out array);
    }

    // '[', only digits and commas, ']': checked before anything is made; how they are arranged is checked while reading.
    private static bool IsIntegerList<T>(ReadOnlySpan<T> text, SearchValues<T> digitsAndCommas) where T : unmanaged, IBinaryInteger<T>, IEquatable<T> =>
        text.Length >= 3 && text[0] == T.CreateTruncating('[') && text[^1] == T.CreateTruncating(']') && !text[1..^1].ContainsAnyExcept(digitsAndCommas);

    private static bool TryReadList<T>(ReadOnlySpan<T> text, [NotNullWhen(true)] out JsonArray? array) where T : unmanaged, IBinaryInteger<T>, IEquatable<T>
    {
        array = null;
        var comma = T.CreateTruncating(',');
        var count = text.Count(comma) + 1;
        var items = ArrayPool<JsonNode?>.Shared.Rent(count);
        var read = 0;
        try
        {
            var at = 1;
            while (true)
            {
                var start = at;
                ulong value = 0;
                // The text ends with ']', so a number ends before it.
                for (uint digit; (digit = uint.CreateTruncating(text[at]) - '0') <= 9; at++)
                    value = value * 10 + digit;
                var digits = at - start;
                if (digits == 0 || digits > MaxDigits || (digits > 1 && text[start] == T.CreateTruncating('0')))
                    return false;
                items[read++] = JsonValue.Create(value);
                // A comma (the next number follows) or the closing ']', which only the last character is.
                if (text[at] != comma)
                    break;
                at++;
            }
            array = new JsonArray(items.AsSpan(0, read));
            return true;
        }
        finally
        {
            items.AsSpan(0, read).Clear();
            ArrayPool<JsonNode?>.Shared.Return(items);
        }
    }
}
