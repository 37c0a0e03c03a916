namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// AquaVM's text for unprocessed call results (30000) lists them as a Rust hash map, whose order differs between two
/// runs of the same AquaVM (the map's seed is random). Its canonical form lists the entries sorted, so two such texts
/// compare equal when they name the same results.
/// </summary>
internal static class UnprocessedCallResultsText
{
    private const string Prefix = "after finishing execution of supplied AIR, there are some unprocessed call results: `{";
    private const string Suffix = "}`";

    public static string Canonical(string text)
    {
        var end = text.LastIndexOf(Suffix, StringComparison.Ordinal);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || end < Prefix.Length)
            return text;
        var entries = Entries(text.AsSpan(Prefix.Length, end - Prefix.Length));
        entries.Sort(StringComparer.Ordinal);
        return string.Concat(Prefix, string.Join(", ", entries), text.AsSpan(end));
    }

    // The map's entries: split at the commas outside strings and braces (a result is a debug-printed struct).
    private static List<string> Entries(ReadOnlySpan<char> map)
    {
        var entries = new List<string>();
        var (depth, start, quoted) = (0, 0, false);
        for (var i = 0; i < map.Length; i++)
        {
            var c = map[i];
            if (quoted)
            {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    quoted = false;
                continue;
            }
            if (c == '"')
                quoted = true;
            else if (c == '{')
                depth++;
            else if (c == '}')
                depth--;
            else if (c == ',' && depth == 0)
            {
                entries.Add(map[start..i].Trim().ToString());
                start = i + 1;
            }
        }
        entries.Add(map[start..].Trim().ToString());
        return entries;
    }
}
