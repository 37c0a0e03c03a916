using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// JSON text exactly as JavaScript's <c>JSON.stringify</c> writes it (the oracle's service answers): no spaces,
/// only <c>"</c>, <c>\</c> and control characters escaped, numbers in ECMAScript's shortest form.
/// </summary>
public static class JsJson
{
    public static string Stringify(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject o:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in o)
                {
                    if (!first)
                        builder.Append(',');
                    first = false;
                    WriteString(builder, key);
                    builder.Append(':');
                    Write(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray a:
                builder.Append('[');
                for (int i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                        builder.Append(',');
                    Write(builder, a[i]);
                }
                builder.Append(']');
                break;
            case JsonValue v:
                WriteValue(builder, v);
                break;
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            case JsonValueKind.Number:
                if (value.TryGetValue<long>(out var l))
                    builder.Append(l.ToString(CultureInfo.InvariantCulture));
                else if (value.TryGetValue<ulong>(out var u))
                    builder.Append(u.ToString(CultureInfo.InvariantCulture));
                else
                    builder.Append(Number(ToDouble(value)));
                break;
            default:
                throw new ArgumentException($"cannot write a JSON value of kind {value.GetValueKind()}");
        }
    }

    private static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d))
            return d;
        if (value.TryGetValue<float>(out var f))
            return f;
        if (value.TryGetValue<decimal>(out var m))
            return (double)m;
        if (value.TryGetValue<int>(out var i))
            return i;
        if (value.TryGetValue<uint>(out var ui))
            return ui;
        return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
    }

    /// <summary>ECMAScript Number::toString: shortest digits; plain notation for 1e-7 ≤ |x| &lt; 1e21, else exponent.</summary>
    public static string Number(double x)
    {
        if (double.IsNaN(x) || double.IsInfinity(x))
            return "null";
        if (x == 0)
            return "0";
        var sign = x < 0 ? "-" : "";
        // Shortest round-trip digits come from "R"; the notation is then chosen as ECMAScript does.
        var shortest = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = DigitsOf(shortest);
        var k = digits.Length;
        var n = exponent; // value = 0.digits × 10^n
        string text;
        if (k <= n && n <= 21)
            text = digits + new string('0', n - k);
        else if (0 < n && n <= 21)
            text = digits[..n] + "." + digits[n..];
        else if (-6 < n && n <= 0)
            text = "0." + new string('0', -n) + digits;
        else
        {
            var e = n - 1;
            var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
            text = mantissa + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return sign + text;
    }

    /// <summary>Significant digits (no leading/trailing zeros) and n such that the value is 0.digits × 10^n.</summary>
    private static (string Digits, int N) DigitsOf(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var integerPart = dot >= 0 ? text[..dot] : text;
        var fraction = dot >= 0 ? text[(dot + 1)..] : "";
        var all = integerPart + fraction;
        var point = integerPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
            leading++;
        all = all[leading..];
        point -= leading;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, point);
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c < 0x20 || (char.IsSurrogate(c) && !IsPairedSurrogate(text, i)))
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }

    private static bool IsPairedSurrogate(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
            : i > 0 && char.IsHighSurrogate(text[i - 1]);
}
