namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>An AIR instruction; <see cref="Span"/> covers it from its opening to its closing parenthesis.</summary>
public abstract record AirInstruction(SourceSpan Span);

/// <summary><c>(seq left right)</c>.</summary>
public sealed record SeqInstruction(SourceSpan Span, AirInstruction Left, AirInstruction Right) : AirInstruction(Span);

/// <summary><c>(par left right)</c>.</summary>
public sealed record ParInstruction(SourceSpan Span, AirInstruction Left, AirInstruction Right) : AirInstruction(Span);

/// <summary><c>(xor left right)</c>.</summary>
public sealed record XorInstruction(SourceSpan Span, AirInstruction Left, AirInstruction Right) : AirInstruction(Span);

/// <summary><c>(call peer (service function) [arguments] output?)</c>; the output is a scalar or a stream.</summary>
public sealed record CallInstruction(
    SourceSpan Span,
    AirValue PeerId,
    AirValue ServiceId,
    AirValue FunctionName,
    IReadOnlyList<AirValue> Arguments,
    AirVariable? Output) : AirInstruction(Span)
{
    public bool Equals(CallInstruction? other) =>
        other is not null && Span == other.Span && PeerId == other.PeerId && ServiceId == other.ServiceId &&
        FunctionName == other.FunctionName && Arguments.SequenceEqual(other.Arguments) && Output == other.Output;

    public override int GetHashCode() => HashCode.Combine(Span, PeerId, ServiceId, FunctionName, Arguments.Count, Output);
}

/// <summary><c>(ap argument result)</c>; the result is a scalar or a stream.</summary>
public sealed record ApInstruction(SourceSpan Span, AirValue Argument, AirVariable Result) : AirInstruction(Span);

/// <summary><c>(ap (key value) %map)</c>.</summary>
public sealed record ApMapInstruction(SourceSpan Span, AirValue Key, AirValue Value, StreamMapVariable Map) : AirInstruction(Span);

/// <summary><c>(canon peer $stream #canon)</c>.</summary>
public sealed record CanonInstruction(SourceSpan Span, AirValue PeerId, StreamVariable Stream, CanonStreamVariable Canon) : AirInstruction(Span);

/// <summary><c>(canon peer %map #%canon)</c>.</summary>
public sealed record CanonMapInstruction(SourceSpan Span, AirValue PeerId, StreamMapVariable Map, CanonStreamMapVariable Canon) : AirInstruction(Span);

/// <summary><c>(canon peer %map scalar)</c>: the map as a plain object, first value per key.</summary>
public sealed record CanonMapToScalarInstruction(SourceSpan Span, AirValue PeerId, StreamMapVariable Map, ScalarVariable Scalar) : AirInstruction(Span);

/// <summary>
/// <c>(fold iterable iterator body last?)</c>. The iterable is a scalar (with or without lambda), <c>[]</c>, a canon
/// stream, a canon map (with or without lambda), a stream or a stream map.
/// </summary>
public sealed record FoldInstruction(
    SourceSpan Span,
    AirValue Iterable,
    ScalarVariable Iterator,
    AirInstruction Body,
    AirInstruction? Last) : AirInstruction(Span)
{
    /// <summary>A fold over a stream or a stream map writes a trace state; over anything else it does not.</summary>
    public bool IsOverStream => Iterable is StreamVariable or StreamMapVariable;
}

/// <summary><c>(next iterator)</c>.</summary>
public sealed record NextInstruction(SourceSpan Span, ScalarVariable Iterator) : AirInstruction(Span);

/// <summary><c>(new variable body)</c>: a scalar, stream, stream map, canon stream or canon map.</summary>
public sealed record NewInstruction(SourceSpan Span, AirVariable Variable, AirInstruction Body) : AirInstruction(Span);

/// <summary><c>(match left right body)</c>.</summary>
public sealed record MatchInstruction(SourceSpan Span, AirValue Left, AirValue Right, AirInstruction Body) : AirInstruction(Span);

/// <summary><c>(mismatch left right body)</c>.</summary>
public sealed record MismatchInstruction(SourceSpan Span, AirValue Left, AirValue Right, AirInstruction Body) : AirInstruction(Span);

/// <summary>
/// <c>(fail …)</c>: either <see cref="Code"/> and <see cref="Message"/> (<c>(fail 7 "msg")</c>) or <see cref="Value"/>
/// (a scalar or canon with or without lambda, <c>%last_error%</c> or <c>:error:</c>).
/// </summary>
public sealed record FailInstruction(SourceSpan Span, long? Code, string? Message, AirValue? Value) : AirInstruction(Span);

/// <summary><c>(never)</c>: never completes.</summary>
public sealed record NeverInstruction(SourceSpan Span) : AirInstruction(Span);

/// <summary><c>(null)</c>: does nothing.</summary>
public sealed record NullInstruction(SourceSpan Span) : AirInstruction(Span);
