namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>One problem found in a script: where (1-based line and column) and what.</summary>
public sealed record AirParseError(SourceSpan Span, int Line, int Column, string Message)
{
    public override string ToString() => $"script.air:{Line}:{Column}: {Message}";
}
