using System.Runtime.InteropServices;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>One state of the trace (aquavm.md §3.2–3.3).</summary>
public abstract record ExecutedState;

/// <summary><c>par [left, right]</c>: sizes of the two branches' subtraces.</summary>
public sealed record ParState(uint Left, uint Right) : ExecutedState;

/// <summary>A call's state.</summary>
public sealed record CallState(CallResult Result) : ExecutedState;

/// <summary>A stream fold: one lore per visited value.</summary>
public sealed record FoldState(IReadOnlyList<FoldLore> Lore) : ExecutedState
{
    /// <summary>The lore as a span (the writer walks it without an interface call per lore).</summary>
    internal ReadOnlySpan<FoldLore> LoreSpan => SpanOf(Lore);

    /// <summary>An array's or a list's items in place (what the codec and the interpreter make); any other list copied.</summary>
    internal static ReadOnlySpan<T> SpanOf<T>(IReadOnlyList<T> items) => items switch
    {
        T[] array => array,
        List<T> list => CollectionsMarshal.AsSpan(list),
        _ => items.ToArray(),
    };

    public bool Equals(FoldState? other) => other is not null && Lore.SequenceEqual(other.Lore);

    public override int GetHashCode() => Lore.Count;
}

/// <summary>An <c>ap</c> into a stream or stream map: the generation(s) of the appended value.</summary>
public sealed record ApState(IReadOnlyList<uint> Generations) : ExecutedState
{
    internal ReadOnlySpan<uint> GenerationSpan => FoldState.SpanOf(Generations);

    public bool Equals(ApState? other) => other is not null && Generations.SequenceEqual(other.Generations);

    public override int GetHashCode() => Generations.Count;
}

/// <summary>A canon's state.</summary>
public sealed record CanonState(CanonResult Result) : ExecutedState;

/// <summary>The iteration of one stream value: <see cref="ValuePosition"/> is the trace position of the state that produced it.</summary>
public sealed record FoldLore(uint ValuePosition, IReadOnlyList<SubTraceDescriptor> Subtraces)
{
    internal ReadOnlySpan<SubTraceDescriptor> SubtraceSpan => FoldState.SpanOf(Subtraces);

    public bool Equals(FoldLore? other) =>
        other is not null && ValuePosition == other.ValuePosition && Subtraces.SequenceEqual(other.Subtraces);

    public override int GetHashCode() => HashCode.Combine(ValuePosition, Subtraces.Count);
}

/// <summary>A subtrace: where it begins in the trace and how many states it holds.</summary>
public readonly record struct SubTraceDescriptor(uint Position, uint Length);

/// <summary>A call result: sent to a peer / to the host, executed, or failed.</summary>
public abstract record CallResult;

public sealed record RequestSentBy(Sender Sender) : CallResult;

public sealed record Executed(ValueRef Value) : CallResult;

/// <summary>A failed call; the CID points to a service result whose value is <c>{"message", "ret_code"}</c>.</summary>
public sealed record Failed(CidRef ServiceResultCid) : CallResult;

/// <summary>Who sent a call: a peer, or this peer with a call id (a request handed to the host).</summary>
public sealed record Sender(PeerRef Peer, uint? CallId);

/// <summary>Where an executed call put its result.</summary>
public enum ValueKind : byte
{
    Scalar = 0,
    Stream = 1,
    Unused = 2,
}

/// <summary>An executed call's result: a service-result CID (scalar/stream; stream with its generation) or a value CID (unused).</summary>
public sealed record ValueRef(ValueKind Kind, CidRef Cid, uint Generation = 0);

/// <summary>A canon's result: requested of a peer, or executed (CID into canon_result_store).</summary>
public abstract record CanonResult;

public sealed record CanonRequestSentBy(PeerRef Peer) : CanonResult;

public sealed record CanonExecuted(CidRef Cid) : CanonResult;
