using System.Runtime.InteropServices;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>One state of the trace (aquavm.md §3.2–3.3).</summary>
public abstract record ExecutedState;

/// <summary><c>par [left, right]</c>: sizes of the two branches' subtraces.</summary>
public sealed record ParState(uint Left, uint Right) : ExecutedState;

/// <summary>A call's state.</summary>
public sealed record CallState : ExecutedState
{
    // The states an invocation reads and writes most keep their parts in place, and the result objects are made only
    // if something reads Result (the interpreter, the writer and the signatures do not): a request this peer handed
    // its host (_inPlace its sender's PeerRef, _number the call id), and an executed call (_inPlace its CidRef,
    // _number the stream generation, _kind where the value went).
    private CallResult? _result;
    private readonly object? _inPlace;
    private readonly uint _number;
    private readonly ValueKind _kind;

    public CallState(CallResult Result) => _result = Result;

    /// <summary>The state of request <paramref name="callId"/> that <paramref name="peer"/> handed its host.</summary>
    internal CallState(PeerRef peer, uint callId)
    {
        _inPlace = peer;
        _number = callId;
    }

    /// <summary>The state of an executed call: <c>Executed(ValueRef(kind, cid, generation))</c>.</summary>
    internal CallState(ValueKind kind, CidRef cid, uint generation = 0)
    {
        _inPlace = cid;
        _kind = kind;
        _number = generation;
    }

    public CallResult Result
    {
        get => _result ??= _inPlace is PeerRef peer ? new RequestSentBy(new Sender(peer, _number)) : new Executed(new ValueRef(_kind, (CidRef)_inPlace!, _number));
        init => _result = value;
    }

    /// <summary>Whether this is a request sent by a peer (with its call id, if any), read without making the result.</summary>
    internal bool IsRequest(out PeerRef peer, out uint? callId)
    {
        if (_result is null && _inPlace is PeerRef requester)
        {
            (peer, callId) = (requester, _number);
            return true;
        }
        if (_result is RequestSentBy { Sender: var sender })
        {
            (peer, callId) = (sender.Peer, sender.CallId);
            return true;
        }
        (peer, callId) = (null!, null);
        return false;
    }

    /// <summary>Whether this is an executed call, read without making the result: its value's kind, CID and generation.</summary>
    internal bool IsExecuted(out ValueKind kind, out CidRef cid, out uint generation)
    {
        if (_result is null && _inPlace is CidRef inPlace)
        {
            (kind, cid, generation) = (_kind, inPlace, _number);
            return true;
        }
        if (_result is Executed { Value: var value })
        {
            (kind, cid, generation) = (value.Kind, value.Cid, value.Generation);
            return true;
        }
        (kind, cid, generation) = (default, null!, 0);
        return false;
    }

    /// <summary>Whether this is a failed call, read without making a result (a failure is never held in place).</summary>
    internal bool IsFailed => _result is Failed;

    public void Deconstruct(out CallResult Result) => Result = this.Result;

    public bool Equals(CallState? other)
    {
        if (other is null)
            return false;
        if (ReferenceEquals(this, other))
            return true;
        // Both in place: what the results would compare (their PeerRef and CidRef by identity, as the records do).
        if (_result is null && other._result is null && _inPlace?.GetType() == other._inPlace?.GetType())
            return ReferenceEquals(_inPlace, other._inPlace) && _number == other._number && _kind == other._kind;
        return Result.Equals(other.Result);
    }

    public override int GetHashCode() => Result.GetHashCode();
}

/// <summary>A stream fold: one lore per visited value.</summary>
public sealed record FoldState : ExecutedState
{
    // The interpreter's lore is packed (a value's position and its two subtraces, no objects per value); the FoldLore
    // list is made only if something reads Lore (the writer reads the packed form).
    private IReadOnlyList<FoldLore>? _lore;
    private readonly PackedLore[]? _packed;

    public FoldState(IReadOnlyList<FoldLore> Lore) => _lore = Lore;

    internal FoldState(PackedLore[] packed) => _packed = packed;

    public IReadOnlyList<FoldLore> Lore
    {
        get => _lore ??= Unpack(_packed!);
        init => _lore = value;
    }

    /// <summary>The lore as the interpreter made it, or null for lore given as a list.</summary>
    internal PackedLore[]? Packed => _packed;

    /// <summary>The lore as a span (the writer walks it without an interface call per lore).</summary>
    internal ReadOnlySpan<FoldLore> LoreSpan => SpanOf(Lore);

    /// <summary>An array's or a list's items in place (what the codec and the interpreter make); any other list copied.</summary>
    internal static ReadOnlySpan<T> SpanOf<T>(IReadOnlyList<T> items) => items switch
    {
        T[] array => array,
        List<T> list => CollectionsMarshal.AsSpan(list),
        _ => items.ToArray(),
    };

    private static FoldLore[] Unpack(PackedLore[] packed)
    {
        var lore = new FoldLore[packed.Length];
        for (var i = 0; i < lore.Length; i++)
            lore[i] = new FoldLore(packed[i].ValuePosition, packed[i].Before, packed[i].After);
        return lore;
    }

    public void Deconstruct(out IReadOnlyList<FoldLore> Lore) => Lore = this.Lore;

    public bool Equals(FoldState? other) => other is not null && Lore.SequenceEqual(other.Lore);

    public override int GetHashCode() => _packed?.Length ?? Lore.Count;
}

/// <summary>A lore as the interpreter writes it: the value's position, the subtraces before and after its <c>next</c>.</summary>
internal readonly record struct PackedLore(uint ValuePosition, SubTraceDescriptor Before, SubTraceDescriptor After);

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
public sealed record FoldLore
{
    // The interpreter's lore holds its two subtraces (before and after next) in place; the list is made when read.
    private IReadOnlyList<SubTraceDescriptor>? _subtraces;
    private readonly SubTracePair _pair;

    public FoldLore(uint ValuePosition, IReadOnlyList<SubTraceDescriptor> Subtraces)
    {
        this.ValuePosition = ValuePosition;
        _subtraces = Subtraces;
    }

    /// <summary>A lore with the usual two subtraces: before <c>next</c> and after it.</summary>
    internal FoldLore(uint valuePosition, SubTraceDescriptor before, SubTraceDescriptor after)
    {
        ValuePosition = valuePosition;
        _pair[0] = before;
        _pair[1] = after;
    }

    public uint ValuePosition { get; init; }

    public IReadOnlyList<SubTraceDescriptor> Subtraces
    {
        get => _subtraces ??= [_pair[0], _pair[1]];
        init => _subtraces = value;
    }

    internal ReadOnlySpan<SubTraceDescriptor> SubtraceSpan => _subtraces is null ? _pair : FoldState.SpanOf(_subtraces);

    public void Deconstruct(out uint ValuePosition, out IReadOnlyList<SubTraceDescriptor> Subtraces) =>
        (ValuePosition, Subtraces) = (this.ValuePosition, this.Subtraces);

    public bool Equals(FoldLore? other) =>
        other is not null && ValuePosition == other.ValuePosition && SubtraceSpan.SequenceEqual(other.SubtraceSpan);

    public override int GetHashCode() => HashCode.Combine(ValuePosition, SubtraceSpan.Length);

    [System.Runtime.CompilerServices.InlineArray(2)]
    private struct SubTracePair
    {
        private SubTraceDescriptor _first;
    }
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
