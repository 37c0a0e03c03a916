using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// The serde_json text of a service result that is one small scalar which serde_json writes back exactly as it reads
/// it: an integer within u64/i64 (not <c>-0</c>), a string without escapes, <c>true</c>, <c>false</c>, <c>null</c>.
/// Its UTF-8 token is the stored text as is, so the result needs no tree and no second serialisation; anything else
/// (floats, escapes, containers, errors) is left to <see cref="AirJson.Parse(string)"/> and <see cref="AirJson.Write"/>.
/// </summary>
internal static class ScalarJsonText
{
    /// <summary>The buffer a caller provides: texts whose UTF-8 does not fit take the tree path.</summary>
    public const int BufferBytes = 256;

    /// <summary>
    /// Writes the value's serde_json UTF-8 to the start of <paramref name="buffer"/> when <paramref name="text"/> is
    /// such a scalar (surrounding JSON whitespace dropped); false when it is not, or does not fit.
    /// </summary>
    public static bool TryWrite(string text, Span<byte> buffer, out int length)
    {
        length = 0;
        // Lone surrogates and texts too long for the buffer go the tree way (which reports what is wrong).
        if (Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            return false;
        var utf8 = buffer[..written];
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read())
                return false;
            var start = (int)reader.TokenStartIndex;
            int tokenLength;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when IsWrittenBack(reader.ValueSpan):
                case JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                    tokenLength = reader.ValueSpan.Length;
                    break;
                // Unescaped string content holds no '"', '\' nor control character: nothing serde_json escapes.
                case JsonTokenType.String when !reader.ValueIsEscaped:
                    tokenLength = reader.ValueSpan.Length + 2;
                    break;
                default:
                    return false;
            }
            // Only whitespace may follow (anything else throws).
            if (reader.Read())
                return false;
            utf8.Slice(start, tokenLength).CopyTo(buffer);
            length = tokenLength;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // An integer serde_json holds as u64 or i64 prints as its JSON text (which has no leading zeros). -0 (a float to
    // serde_json) and integers out of range are left to the tree path.
    private static bool IsWrittenBack(ReadOnlySpan<byte> number)
    {
        if (number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
            return false;
        if (number[0] != (byte)'-')
            return ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        return long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signed) && signed != 0;
    }
}
