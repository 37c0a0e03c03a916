namespace Fluence.Kernel.Plugins.Air.Syntax;

internal enum AirTokenKind
{
    End,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    /// <summary>A string literal; the token's value is a <see cref="LiteralValue"/>.</summary>
    Literal,
    /// <summary>An instruction keyword (<c>call</c>, <c>seq</c>, …).</summary>
    Keyword,
    /// <summary>A number, special value or variable; the token's value says which.</summary>
    Word,
}
