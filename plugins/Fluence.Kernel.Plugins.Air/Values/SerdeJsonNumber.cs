using System.Globalization;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// The f64 that serde_json (without its <c>float_roundtrip</c> feature, as AquaVM 0.62 is built) reads from a JSON
/// number that is not an integer it keeps as u64 or i64. serde_json does not round correctly: it collects the digits into
/// a u64 while they fit (further integer digits each scale by ten, further fraction digits are dropped), converts that
/// to f64, and multiplies or divides once by a power of ten (stepping by 1e308 below 1e-308). So
/// <c>123456789.123456789</c> is one ulp off the nearest f64 and <c>1.7976931348623158e308</c> is out of range, and
/// the CIDs of the stored values follow. Established by differential runs against avm.wasm (Scenarios/campaign-values/).
/// </summary>
internal static class SerdeJsonNumber
{
    // 1e0 … 1e308, each the nearest f64 (.NET parses correctly rounded).
    private static readonly double[] PowersOfTen = Enumerable.Range(0, 309)
        .Select(e => double.Parse($"1e{e}", NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// The value of <paramref name="number"/> (valid JSON number syntax), or false when serde_json reports it out of range.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> number, out double value)
    {
        value = 0;
        var at = 0;
        var negative = number[0] == (byte)'-';
        if (negative)
            at++;
        ulong significand = 0;
        long exponent = 0;
        var full = false;
        for (; at < number.Length && IsDigit(number[at]); at++)
        {
            // Once the u64 is full, every further integer digit only scales the number.
            if (!full && Fits(significand, number[at]))
                significand = significand * 10 + (ulong)(number[at] - '0');
            else
            {
                full = true;
                exponent++;
            }
        }
        if (at < number.Length && number[at] == (byte)'.')
        {
            // The fraction's digits are tested afresh (a digit smaller than the one that filled the u64 may still fit);
            // from the first that does not fit, the rest are dropped.
            var dropping = false;
            for (at++; at < number.Length && IsDigit(number[at]); at++)
            {
                if (dropping || !Fits(significand, number[at]))
                {
                    dropping = true;
                    continue;
                }
                significand = significand * 10 + (ulong)(number[at] - '0');
                exponent--;
            }
        }
        if (at < number.Length && number[at] is (byte)'e' or (byte)'E')
        {
            at++;
            var positive = true;
            if (number[at] is (byte)'+' or (byte)'-')
                positive = number[at++] == (byte)'+';
            long written = 0;
            for (; at < number.Length; at++)
            {
                written = written * 10 + (number[at] - '0');
                if (written > int.MaxValue)
                {
                    // An exponent beyond i32: out of range if it grows a non-zero number, else zero.
                    if (positive && significand != 0)
                        return false;
                    value = negative ? -0.0 : 0.0;
                    return true;
                }
            }
            exponent = Math.Clamp(positive ? exponent + written : exponent - written, int.MinValue, int.MaxValue);
        }
        double f = significand;
        while (true)
        {
            var magnitude = Math.Abs(exponent);
            if (magnitude < PowersOfTen.Length)
            {
                if (exponent >= 0)
                {
                    f *= PowersOfTen[magnitude];
                    if (double.IsInfinity(f))
                        return false;
                }
                else
                    f /= PowersOfTen[magnitude];
                break;
            }
            if (f == 0)
                break;
            if (exponent >= 0)
                return false;
            f /= 1e308;
            exponent += 308;
        }
        value = negative ? -f : f;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    // Whether significand * 10 + digit stays within u64.
    private static bool Fits(ulong significand, byte digit) =>
        significand < ulong.MaxValue / 10 || (significand == ulong.MaxValue / 10 && (ulong)(digit - '0') <= ulong.MaxValue % 10);
}
