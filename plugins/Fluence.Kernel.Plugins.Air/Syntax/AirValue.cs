namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>A value position of an instruction: a literal, a special value or a variable (aquavm.md §1.1–1.2).</summary>
public abstract record AirValue(SourceSpan Span);

/// <summary><c>%init_peer_id%</c>.</summary>
public sealed record InitPeerIdValue(SourceSpan Span) : AirValue(Span);

/// <summary><c>%timestamp%</c>: the particle timestamp (u64 ms).</summary>
public sealed record TimestampValue(SourceSpan Span) : AirValue(Span);

/// <summary><c>%ttl%</c>: the particle TTL (u32 ms).</summary>
public sealed record TtlValue(SourceSpan Span) : AirValue(Span);

/// <summary><c>%last_error%</c>, optionally with a lambda.</summary>
public sealed record LastErrorValue(SourceSpan Span, AirLambda? Lambda) : AirValue(Span);

/// <summary><c>:error:</c> (the error that triggered the current xor branch), optionally with a lambda.</summary>
public sealed record ErrorValue(SourceSpan Span, AirLambda? Lambda) : AirValue(Span);

/// <summary>A string literal; it contains no quote and no escape sequence.</summary>
public sealed record LiteralValue(SourceSpan Span, string Text) : AirValue(Span);

/// <summary>An integer literal (i64).</summary>
public sealed record IntValue(SourceSpan Span, long Value) : AirValue(Span);

/// <summary>A float literal (at most 11 characters, no exponent).</summary>
public sealed record FloatValue(SourceSpan Span, double Value) : AirValue(Span);

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record BoolValue(SourceSpan Span, bool Value) : AirValue(Span);

/// <summary><c>[]</c>, the only array literal.</summary>
public sealed record EmptyArrayValue(SourceSpan Span) : AirValue(Span);

/// <summary>A variable reference; <see cref="Name"/> includes its prefix (<c>$s</c>, <c>#c</c>, <c>#%m</c>, …).</summary>
public abstract record AirVariable(SourceSpan Span, string Name) : AirValue(Span);

/// <summary>A scalar <c>x</c>, optionally with a lambda.</summary>
public sealed record ScalarVariable(SourceSpan Span, string Name, AirLambda? Lambda) : AirVariable(Span, Name);

/// <summary>A stream <c>$s</c> (no lambda allowed).</summary>
public sealed record StreamVariable(SourceSpan Span, string Name) : AirVariable(Span, Name);

/// <summary>A stream map <c>%m</c> (no lambda allowed).</summary>
public sealed record StreamMapVariable(SourceSpan Span, string Name) : AirVariable(Span, Name);

/// <summary>A canon stream <c>#c</c> or <c>#$c</c>, optionally with a lambda.</summary>
public sealed record CanonStreamVariable(SourceSpan Span, string Name, AirLambda? Lambda) : AirVariable(Span, Name);

/// <summary>A canon stream map <c>#%m</c>, optionally with a lambda.</summary>
public sealed record CanonStreamMapVariable(SourceSpan Span, string Name, AirLambda? Lambda) : AirVariable(Span, Name);
