namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// A cheap structural check of an AIR script at install time, so that a script that cannot parse is refused with a
/// clear error instead of failing on every firing: it must be one parenthesized form with balanced parentheses and
/// brackets outside string literals. AquaVM does the real parsing.
/// </summary>
public static class AirScriptShape
{
    public static bool TryValidate(string script, out string error)
    {
        var depth = new Stack<(char Open, int Offset)>();
        var inString = false;
        var sawForm = false;
        var closedAt = -1;
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (inString)
            {
                if (c == '\\')
                    i++;
                else if (c == '"')
                    inString = false;
                continue;
            }
            if (char.IsWhiteSpace(c))
                continue;
            if (closedAt >= 0)
            {
                error = $"spell script is not valid AIR: unexpected '{c}' at offset {i} after the top-level form closed at offset {closedAt}";
                return false;
            }
            if (!sawForm && c != '(')
            {
                error = $"spell script is not valid AIR: it must start with '(', found '{c}' at offset {i}";
                return false;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '(' or '[':
                    sawForm = true;
                    depth.Push((c, i));
                    break;
                case ')' or ']':
                    var expected = c == ')' ? '(' : '[';
                    if (depth.Count == 0 || depth.Peek().Open != expected)
                    {
                        error = $"spell script is not valid AIR: unbalanced '{c}' at offset {i}";
                        return false;
                    }
                    depth.Pop();
                    if (depth.Count == 0)
                        closedAt = i;
                    break;
            }
        }
        if (!sawForm)
        {
            error = "spell script is empty";
            return false;
        }
        if (inString)
        {
            error = "spell script is not valid AIR: unterminated string literal";
            return false;
        }
        if (depth.Count > 0)
        {
            error = $"spell script is not valid AIR: '{depth.Peek().Open}' at offset {depth.Peek().Offset} is never closed";
            return false;
        }
        error = "";
        return true;
    }
}
