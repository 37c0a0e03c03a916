namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>One lexeme. <see cref="Value"/> is set for literals and words, <see cref="Text"/> holds a keyword.</summary>
internal readonly record struct AirToken(AirTokenKind Kind, SourceSpan Span, string? Text = null, AirValue? Value = null)
{
    public string Describe() => Kind switch
    {
        AirTokenKind.End => "end of script",
        AirTokenKind.OpenParen => "\"(\"",
        AirTokenKind.CloseParen => "\")\"",
        AirTokenKind.OpenBracket => "\"[\"",
        AirTokenKind.CloseBracket => "\"]\"",
        AirTokenKind.Literal => "a string literal",
        AirTokenKind.Keyword => $"keyword '{Text}'",
        _ => $"'{Text}'",
    };
}
