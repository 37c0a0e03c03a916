using System.Globalization;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// A SemVer 2.0 version as AquaVM reads the envelope's two version fields: a text that is no such version fails the
/// envelope (code 3) with the reader's message (e.g. <c>unexpected end of input while parsing minor version number</c>
/// for "0.62"), and the interpreter version is compared with the pre-release ranking SemVer gives ("0.62.0-alpha" is
/// after 0.61.0).
/// </summary>
internal readonly record struct SemanticVersion(ulong Major, ulong Minor, ulong Patch, string PreRelease)
{
    /// <summary>Whether this version precedes <paramref name="major"/>.<paramref name="minor"/>.<paramref name="patch"/> (a release).</summary>
    public bool IsBefore(ulong major, ulong minor, ulong patch)
    {
        var order = (Major, Minor, Patch).CompareTo((major, minor, patch));
        // A pre-release precedes its release.
        return order < 0 || (order == 0 && PreRelease.Length > 0);
    }

    public static bool TryParse(string text, out SemanticVersion version, out string error)
    {
        version = default;
        if (text.Length == 0)
        {
            error = "empty string, expected a semver version";
            return false;
        }
        var at = 0;
        if (!Number(text, ref at, "major version number", out var major, out error)
            || !Dot(text, ref at, "major version number", out error)
            || !Number(text, ref at, "minor version number", out var minor, out error)
            || !Dot(text, ref at, "minor version number", out error)
            || !Number(text, ref at, "patch version number", out var patch, out error))
            return false;
        var pre = "";
        var last = "patch version number";
        if (at < text.Length && text[at] == '-')
        {
            at++;
            if (!Identifiers(text, ref at, "pre-release identifier", numericLeadingZeroAllowed: false, out pre, out error))
                return false;
            last = "pre-release identifier";
        }
        if (at < text.Length && text[at] == '+')
        {
            at++;
            if (!Identifiers(text, ref at, "build metadata", numericLeadingZeroAllowed: true, out _, out error))
                return false;
            last = "build metadata";
        }
        if (at < text.Length)
        {
            error = $"unexpected character {CharText(text[at])} after {last}";
            return false;
        }
        version = new SemanticVersion(major, minor, patch, pre);
        return true;
    }

    private static bool Number(string text, ref int at, string position, out ulong value, out string error)
    {
        value = 0;
        error = "";
        var start = at;
        while (at < text.Length && char.IsAsciiDigit(text[at]))
            at++;
        if (at == start)
        {
            error = start == text.Length ? $"unexpected end of input while parsing {position}" : $"unexpected character {CharText(text[start])} while parsing {position}";
            return false;
        }
        if (text[start] == '0' && at - start > 1)
        {
            error = $"invalid leading zero in {position}";
            return false;
        }
        if (!ulong.TryParse(text.AsSpan(start, at - start), NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            error = $"value of {position} exceeds u64::MAX";
            return false;
        }
        return true;
    }

    private static bool Dot(string text, ref int at, string after, out string error)
    {
        error = "";
        if (at < text.Length && text[at] == '.')
        {
            at++;
            return true;
        }
        error = at == text.Length ? $"unexpected end of input while parsing {after}" : $"unexpected character {CharText(text[at])} after {after}";
        return false;
    }

    private static bool Identifiers(string text, ref int at, string position, bool numericLeadingZeroAllowed, out string value, out string error)
    {
        var start = at;
        value = "";
        error = "";
        while (true)
        {
            var segment = at;
            while (at < text.Length && (char.IsAsciiLetterOrDigit(text[at]) || text[at] == '-'))
                at++;
            if (at == segment)
            {
                error = at == text.Length ? $"empty identifier segment in {position}" : $"unexpected character {CharText(text[at])} while parsing {position}";
                return false;
            }
            var part = text.AsSpan(segment, at - segment);
            if (!numericLeadingZeroAllowed && part.Length > 1 && part[0] == '0' && !part.ContainsAnyExcept("0123456789"))
            {
                error = $"invalid leading zero in {position}";
                return false;
            }
            if (at < text.Length && text[at] == '.')
            {
                at++;
                continue;
            }
            value = text[start..at];
            return true;
        }
    }

    // A character as Rust's Debug shows it: quoted, with Rust's short escapes, other controls as \u{…}.
    private static string CharText(char c) => c switch
    {
        '\0' => "'\\0'",
        '\t' => "'\\t'",
        '\r' => "'\\r'",
        '\n' => "'\\n'",
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        _ when char.IsControl(c) => $"'\\u{{{(int)c:x}}}'",
        _ => $"'{c}'",
    };
}
