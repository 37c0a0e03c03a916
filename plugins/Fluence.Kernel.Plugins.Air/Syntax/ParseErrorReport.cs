using System.Text;

namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// AquaVM's text for a script that does not parse: one codespan-style report with a label per error, found by
/// experiment. The header names the first label's line and column (in characters); each labelled line is shown under a
/// gutter as wide as the largest line number, tabs expanded to stops of 4, wide characters (emoji, CJK) two columns; a
/// one-line label is a run of carets (at least one) with its message after the last label on the line, the others'
/// hung below on pointer lines; a label over several lines is drawn in a column of its own left of the text (╭ on its
/// first line, ╰──^ under its last); lines between two shown lines are shown when only one, elided as · when more.
/// </summary>
internal static class ParseErrorReport
{
    private const int TabStop = 4;

    public static string Render(string script, IReadOnlyList<AirParseError> errors)
    {
        var lines = new Lines(script);
        var labels = errors.Select(e => Label.Of(lines, e)).ToList();
        // Each multi-line label has a column, its index here: the first the leftmost.
        var multi = labels.Where(l => l.IsMultiLine).ToList();
        var columns = multi.Count;
        var shown = labels.SelectMany(l => new[] { l.StartLine, l.EndLine }).Distinct().Order().ToList();
        var width = (shown[^1] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        var pad = new string(' ', width);
        var first = labels[0];

        var text = new StringBuilder("error: \n");
        text.Append(pad).Append(" ┌─ script.air:").Append(first.StartLine + 1).Append(':').Append(lines.CharColumn(first.StartLine, first.StartIndex) + 1).Append('\n');
        text.Append(pad).Append(" │").Append(columns > 0 ? new string(' ', 2 * columns) : "").Append('\n');

        var open = new HashSet<Label>(ReferenceEqualityComparer.Instance);
        var previous = -1;
        foreach (var line in shown)
        {
            if (previous >= 0 && line - previous == 2)
                SourceLine(previous + 1);
            else if (previous >= 0 && line - previous > 2)
                text.Append(pad).Append(" ·\n");
            previous = line;

            foreach (var label in multi.Where(l => l.StartLine == line && lines.OnlyWhitespaceBefore(line, l.StartIndex)))
                open.Add(label);
            SourceLine(line, inlineTops: true);
            var single = labels.Where(l => !l.IsMultiLine && l.StartLine == line).OrderBy(l => l.StartIndex).ToList();
            if (single.Count > 0)
                SingleLineLabels(line, single);
            for (var column = 0; column < columns; column++)
            {
                var label = multi[column];
                if (label.StartLine != line || open.Contains(label))
                    continue;
                LabelPrefix(column);
                // A label that starts at the end of its line points at the line's last character.
                Horizontal('╭', column, lines.DisplayColumn(line, Math.Min(label.StartIndex, Math.Max(0, lines.Length(line) - 1))));
                open.Add(label);
            }
            for (var column = 0; column < columns; column++)
            {
                var label = multi[column];
                if (label.EndLine != line || !open.Contains(label))
                    continue;
                LabelPrefix(column);
                Horizontal('╰', column, lines.DisplayColumn(line, label.EndIndex) - 1);
                text.Append(' ').Append(label.Message).Append('\n');
                open.Remove(label);
            }
        }
        text.Append('\n');
        return text.ToString();

        void Gutter(int? number)
        {
            if (number is { } n)
                text.Append((n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width));
            else
                text.Append(pad);
            text.Append(" │");
        }

        // A line under the source: an empty gutter, then the columns left of `until`.
        void LabelPrefix(int until)
        {
            Gutter(null);
            text.Append(' ');
            AppendColumns(until);
        }

        // Whether the label of a column is open on the line being drawn.
        bool IsOpen(int column) => open.Contains(multi[column]);

        // The columns left of `until`: │ where a label is open, blank elsewhere.
        void AppendColumns(int until)
        {
            for (var c = 0; c < until; c++)
                text.Append(IsOpen(c) ? "│ " : "  ");
        }

        void SourceLine(int line, bool inlineTops = false)
        {
            Gutter(line);
            text.Append(' ');
            for (var c = 0; c < columns; c++)
            {
                var mark = !IsOpen(c) ? ' ' : inlineTops && multi[c].StartLine == line ? '╭' : '│';
                text.Append(mark).Append(' ');
            }
            text.Append(lines.Display(line)).Append('\n');
        }

        // ─ from the label's column to its caret, crossing open columns on the right with │.
        void Horizontal(char corner, int column, int caretColumn)
        {
            text.Append(corner);
            var caretAt = 2 * columns + caretColumn;
            for (var at = 2 * column + 1; at < caretAt; at++)
            {
                var crossed = at % 2 == 0 && at < 2 * columns && IsOpen(at / 2);
                text.Append(crossed ? '│' : '─');
            }
            text.Append('^');
            if (corner == '╭')
                text.Append('\n');
        }

        void SingleLineLabels(int line, List<Label> single)
        {
            var last = single[^1];
            var trailing = single.Take(single.Count - 1).All(l => l.EndIndex <= last.StartIndex) && single.Count(l => l.StartIndex == last.StartIndex) == 1 ? last : null;
            var carets = new StringBuilder();
            foreach (var label in single)
            {
                var from = lines.DisplayColumn(line, label.StartIndex);
                var to = Math.Max(from + 1, lines.DisplayColumn(line, label.EndIndex));
                if (carets.Length < to)
                    carets.Append(' ', to - carets.Length);
                for (var at = from; at < to; at++)
                    carets[at] = '^';
            }
            LabelPrefix(columns);
            text.Append(carets);
            if (trailing is not null)
                text.Append(' ').Append(trailing.Message);
            text.Append('\n');
            var hung = single.Where(l => l != trailing).ToList();
            if (hung.Count == 0)
                return;
            // The pointer line runs over the line's characters up to the last label's start.
            var starts = hung.Select(l => lines.DisplayColumn(line, l.StartIndex)).ToHashSet();
            var through = lines.DisplayColumn(line, Math.Min(last.StartIndex, lines.Length(line) - 1) + 1);
            LabelPrefix(columns);
            for (var at = 0; at < through; at++)
                text.Append(starts.Contains(at) ? '│' : ' ');
            text.Append('\n');
            for (var i = hung.Count - 1; i >= 0; i--)
            {
                LabelPrefix(columns);
                var start = lines.DisplayColumn(line, hung[i].StartIndex);
                for (var at = 0; at < start; at++)
                    text.Append(hung.Take(i).Any(l => lines.DisplayColumn(line, l.StartIndex) == at) ? '│' : ' ');
                text.Append(hung[i].Message).Append('\n');
            }
        }
    }

    /// <summary>An error's span as lines and character indices within them (end exclusive).</summary>
    private sealed record Label(int StartLine, int StartIndex, int EndLine, int EndIndex, string Message)
    {
        public bool IsMultiLine => EndLine != StartLine;

        public static Label Of(Lines lines, AirParseError error)
        {
            var start = Math.Min(error.Span.Start, lines.TextLength);
            var end = Math.Clamp(error.Span.End, start, lines.TextLength);
            var (startLine, startIndex) = lines.Locate(start);
            var (endLine, endIndex) = lines.Locate(end);
            return new Label(startLine, startIndex, endLine, endIndex, error.Message);
        }
    }

    private sealed class Lines
    {
        private readonly string _text;
        private readonly List<int> _starts = [0];

        public Lines(string text)
        {
            _text = text;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                    _starts.Add(i + 1);
            }
        }

        public int TextLength => _text.Length;

        public (int Line, int Index) Locate(int offset)
        {
            var line = _starts.BinarySearch(offset);
            if (line < 0)
                line = ~line - 1;
            return (line, offset - _starts[line]);
        }

        private ReadOnlySpan<char> Text(int line)
        {
            var start = _starts[line];
            var end = line + 1 < _starts.Count ? _starts[line + 1] - 1 : _text.Length;
            var span = _text.AsSpan(start, end - start);
            return span.EndsWith("\r") ? span[..^1] : span;
        }

        public int Length(int line) => Text(line).Length;

        public bool OnlyWhitespaceBefore(int line, int index) => Text(line)[..Math.Min(index, Length(line))].IsWhiteSpace();

        /// <summary>The 0-based column in characters (a surrogate pair is one) of <paramref name="index"/>.</summary>
        public int CharColumn(int line, int index)
        {
            var text = Text(line);
            var column = 0;
            for (var i = 0; i < index && i < text.Length; i++)
            {
                if (!char.IsLowSurrogate(text[i]))
                    column++;
            }
            return column + Math.Max(0, index - text.Length);
        }

        /// <summary>Where <paramref name="index"/> is shown: tabs advance to the next stop, a wide character takes two columns.</summary>
        public int DisplayColumn(int line, int index)
        {
            var text = Text(line);
            var column = 0;
            for (var i = 0; i < index; i++)
            {
                if (i >= text.Length)
                    column++;
                else if (text[i] == '\t')
                    column = (column / TabStop + 1) * TabStop;
                else if (!char.IsLowSurrogate(text[i]))
                    column += Width(text, i);
            }
            return column;
        }

        public string Display(int line)
        {
            var text = Text(line);
            var shown = new StringBuilder();
            var column = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\t')
                {
                    var next = (column / TabStop + 1) * TabStop;
                    shown.Append(' ', next - column);
                    column = next;
                    continue;
                }
                shown.Append(text[i]);
                if (!char.IsLowSurrogate(text[i]))
                    column += Width(text, i);
            }
            return shown.ToString();
        }

        // East Asian wide and emoji characters are two columns wide, as a terminal shows them.
        private static int Width(ReadOnlySpan<char> text, int i)
        {
            var rune = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];
            return rune is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0x303E or >= 0x3041 and <= 0x33FF or >= 0x3400 and <= 0x4DBF
                or >= 0x4E00 and <= 0x9FFF or >= 0xA000 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
                or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD ? 2 : 1;
        }
    }
}
