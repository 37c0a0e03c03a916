namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>One lexeme. <see cref="Value"/> is set for literals and words, <see cref="Text"/> holds a keyword.</summary>
internal readonly record struct AirToken(AirTokenKind Kind, SourceSpan Span, string? Text = null, AirValue? Value = null);
