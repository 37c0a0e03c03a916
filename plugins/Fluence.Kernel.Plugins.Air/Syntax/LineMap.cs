namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>Turns offsets into 1-based line and column numbers for error messages.</summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = [0];

    public LineMap(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                _lineStarts.Add(i + 1);
        }
    }

    public (int Line, int Column) Locate(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0)
            index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    public AirParseError Error(SourceSpan span, string message)
    {
        var (line, column) = Locate(span.Start);
        return new AirParseError(span, line, column, message);
    }
}
