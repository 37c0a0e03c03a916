using System.Globalization;

namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// An f64 as serde_json prints it (ryu): the shortest round-trip digits, with its float form kept (<c>1.0</c>,
/// <c>1e23</c>, <c>1e-7</c>), where .NET prints <c>1</c>, <c>1E+23</c>, <c>1E-07</c>. The native interpreter keeps its
/// own copy of these rules (plugins share no code).
/// </summary>
internal static class SerdeFloatText
{
    public static string Format(double value)
    {
        if (value == 0)
            return double.IsNegative(value) ? "-0.0" : "0.0";
        var (digits, exponent) = Decompose(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var point = digits.Length + exponent; // the decimal point sits after this many digits
        var sign = value < 0 ? "-" : "";
        if (exponent >= 0 && point <= 16)
            return sign + digits + new string('0', exponent) + ".0";
        if (point > 0 && point <= 16)
            return sign + digits[..point] + "." + digits[point..];
        if (point > -5 && point <= 0)
            return sign + "0." + new string('0', -point) + digits;
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        return sign + mantissa + "e" + (point - 1).ToString(CultureInfo.InvariantCulture);
    }

    // "123.45" -> ("12345", -2); "1.5E+20" -> ("15", 19); "1E-07" -> ("1", -7).
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= text.Length - dot - 1;
            text = text.Remove(dot, 1);
        }
        var trimmedStart = text.TrimStart('0');
        var trimmed = trimmedStart.TrimEnd('0');
        exponent += trimmedStart.Length - trimmed.Length;
        return (trimmed, exponent);
    }
}
