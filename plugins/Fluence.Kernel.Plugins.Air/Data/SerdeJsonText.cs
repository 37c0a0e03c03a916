using System.Buffers;
using System.Globalization;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// JSON text exactly as serde_json writes it compactly (the text AquaVM hashes into CIDs): no whitespace; strings escape
/// only <c>"</c>, <c>\</c> and control characters (<c>\n \r \t \b \f</c>, others <c>\u00xx</c>); non-ASCII is raw.
/// </summary>
internal static class SerdeJsonText
{
    // The characters serde_json escapes: '"', '\\' and the control characters.
    internal static readonly SearchValues<char> Escaped = SearchValues.Create("\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    public static StringBuilder AppendString(this StringBuilder builder, string value)
    {
        builder.Append('"');
        var rest = value.AsSpan();
        while (true)
        {
            // Runs without anything to escape are appended whole.
            var next = rest.IndexOfAny(Escaped);
            if (next < 0)
            {
                builder.Append(rest);
                break;
            }
            builder.Append(rest[..next]);
            var c = rest[next];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default: builder.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
            }
            rest = rest[(next + 1)..];
        }
        return builder.Append('"');
    }

    /// <summary><c>{"k1":"v1","k2":"v2",…}</c> with the keys in the given order (serde writes struct fields in declaration order).</summary>
    public static string Object(params (string Key, string Value)[] fields)
    {
        var builder = new StringBuilder();
        builder.Append('{');
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                builder.Append(',');
            builder.AppendString(fields[i].Key).Append(':').AppendString(fields[i].Value);
        }
        return builder.Append('}').ToString();
    }
}
