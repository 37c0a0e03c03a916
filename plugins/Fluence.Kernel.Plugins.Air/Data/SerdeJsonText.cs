using System.Globalization;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// JSON text exactly as serde_json writes it compactly (the text AquaVM hashes into CIDs): no whitespace; strings escape
/// only <c>"</c>, <c>\</c> and control characters (<c>\n \r \t \b \f</c>, others <c>\u00xx</c>); non-ASCII is raw.
/// </summary>
internal static class SerdeJsonText
{
    public static StringBuilder AppendString(this StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ': builder.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
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
