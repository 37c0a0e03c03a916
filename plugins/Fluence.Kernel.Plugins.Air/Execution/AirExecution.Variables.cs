using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

// Variables, scopes, errors as values and value resolution (aquavm.md §1.3, §1.6).
internal sealed partial class AirExecution
{
    // Each scalar name's slot, holding its innermost binding; each binding links to the one it shadows.
    private readonly Dictionary<string, ScalarSlot> _scalars;
    private readonly Dictionary<string, List<StreamValue>> _streams;
    private readonly Dictionary<string, List<CanonEntry>> _canons;
    // The slots of the names bound in the open fold frames, innermost last; each frame's start at its entry in _frameStarts.
    private readonly List<ScalarSlot> _frameSlots;
    private readonly List<int> _frameStarts;
    // The fold frames a running next was called from, outermost first: while the later iterations run, what those
    // frames bound is hidden (verified: a scalar or canon set in an iteration is not set in the next one, and one it
    // rebound hides the outer binding too: reading it waits).
    private readonly List<int> _hiddenFrames;
    private readonly HashSet<AirExecutionException> _recorded;
    private int _frame;
    private int _frameCounter;
    // Null until the first error (most invocations have none): the initial value is made when read.
    private JsonObject? _lastError;
    private SecurityTetraplet? _lastErrorTetraplet;
    private bool _lastErrorLocked;
    // :error: — the first catchable error recorded since the last xor's right side started (null: the initial value).
    private AirExecutionException? _error;
    private bool _errorLocked;
    // The error the running xor right side caught, and :error: then: (fail :error:) re-throws it while no error was recorded since.
    private AirExecutionException? _caughtByXor;
    private AirExecutionException? _errorAtCatch;

    // ap binds less of a value's origin than a call argument shows (see ResolveScalar).
    private bool _resolvingForAp;

    /// <summary>A scalar's binding in a frame; a null value is a <c>new</c> scope's binding not yet set.</summary>
    private sealed class ScalarBinding
    {
        public int Frame { get; set; }
        public ScalarValue? Value { get; set; }
        public ScalarBinding? Outer { get; set; }
    }

    /// <summary>
    /// A scalar name's innermost binding (null: unbound). A name keeps its slot for the whole execution, so a fold
    /// frame that binds and unbinds its iterator per element finds it without a lookup.
    /// </summary>
    private sealed class ScalarSlot
    {
        public ScalarBinding? Top { get; set; }
    }

    private ScalarSlot SlotOf(string name)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_scalars, name, out _);
        return slot ??= new ScalarSlot();
    }

    // The slot read last, by its name's instance (a script's names are one instance each, see AirLexer): a fold's body
    // reads its iterator once per element, so most reads need no lookup. A name keeps its slot for the whole execution.
    private string? _lastReadName;
    private ScalarSlot? _lastReadSlot;

    // Bindings of closed fold frames, reused by the next iterations (a fold binds its iterator once per element).
    private readonly Stack<ScalarBinding> _spareBindings;

    private ScalarBinding NewBinding(ScalarValue? value, ScalarBinding? outer)
    {
        var binding = _spareBindings.Count > 0 ? _spareBindings.Pop() : new ScalarBinding();
        binding.Frame = _frame;
        binding.Value = value;
        binding.Outer = outer;
        return binding;
    }

    /// <summary>Makes <paramref name="binding"/> the scalar's innermost binding (null: the scalar is unbound).</summary>
    private void Rebind(string name, ScalarBinding? binding) => SlotOf(name).Top = binding;

    private JsonObject LastError => _lastError ??= InitialError();

    private static JsonObject InitialError() => new() { ["error_code"] = 0, ["message"] = "" };

    private void RecordError(AirExecutionException e)
    {
        _recorded.Add(e);
        // A re-thrown :error: stays what :error: showed (a par's left error where the xor caught its right's), for
        // an enclosing xor too (verified).
        if (!_errorLocked)
            (_error, _errorLocked) = (e.Rethrown && _error is not null ? _error : e, true);
        // fail's own object becomes %last_error% even when an earlier error locked it (verified: a par whose left call
        // failed and whose right branch ran fail, a fail after a stream fold swallowed a call's error).
        if (!e.AffectsLastError || (_lastErrorLocked && e.UserObject is null))
            return;
        _lastErrorTetraplet = e.UserObject is not null ? e.UserTetraplet : e.Tetraplet;
        if (e.UserObject is not null)
        {
            _lastError = (JsonObject)e.UserObject.DeepClone();
        }
        else
        {
            var error = e.ErrorObject();
            error["peer_id"] ??= _me;
            _lastError = error;
        }
        _lastErrorLocked = true;
    }

    // ---------------------------------------------------------------- scalars

    private int OpenFrame()
    {
        var previous = _frame;
        _frame = ++_frameCounter;
        _frameStarts.Add(_frameSlots.Count);
        return previous;
    }

    /// <summary>Whether a binding made in <paramref name="frame"/> is hidden by a next called from there.</summary>
    private bool IsHidden(int frame) => _hiddenFrames.Count > 0 && frame != _frame && frame != 0 && _hiddenFrames.BinarySearch(frame) >= 0;

    /// <summary>A next called from the current frame starts the fold's next iteration: the frame's bindings are hidden until it returns.</summary>
    private void HideFrame() => _hiddenFrames.Add(_frame);

    private void UnhideFrame() => _hiddenFrames.RemoveAt(_hiddenFrames.Count - 1);

    private void CloseFrame(int previous)
    {
        var start = _frameStarts[^1];
        _frameStarts.RemoveAt(_frameStarts.Count - 1);
        for (var i = start; i < _frameSlots.Count; i++)
        {
            var slot = _frameSlots[i];
            if (slot.Top is { } top && top.Frame == _frame)
            {
                slot.Top = top.Outer;
                // Nothing else refers to a closed frame's binding: inner frames are closed already.
                top.Value = null;
                top.Outer = null;
                _spareBindings.Push(top);
            }
        }
        _frameSlots.RemoveRange(start, _frameSlots.Count - start);
        if (_canonUndo is { Count: > 0 })
            UndoFrameCanons();
        _frame = previous;
    }

    private void SetScalar(string name, ScalarValue value) => SetScalar(SlotOf(name), name, value);

    private void SetScalar(ScalarSlot slot, string name, ScalarValue value)
    {
        var top = slot.Top;
        if (top is not null)
        {
            // new's unset binding takes a value set in its own frame; set in a fold iteration within, the value is the
            // iteration's (verified: after the fold the scalar is unset again).
            if (top.Value is null && top.Frame == _frame)
            {
                top.Value = value;
                return;
            }
            // In a fold a scalar may be set again, also twice in one iteration: the later value replaces the
            // earlier until the iteration ends (verified: (seq (ap 7 x) (ap 8 x)) in a fold body reads 8).
            if (top.Frame == _frame)
            {
                if (_frameStarts.Count == 0)
                    throw ShadowingNotAllowed(name);
                top.Value = value;
                return;
            }
        }
        slot.Top = NewBinding(value, top);
        // The root frame is never closed: only fold frames need to know their names.
        if (_frameStarts.Count > 0)
            _frameSlots.Add(slot);
    }

    /// <summary>A scalar or canon set again outside folds (in one new scope or none).</summary>
    private static AirExecutionException ShadowingNotAllowed(string name) =>
        AirExecutionException.Uncatchable(AquaErrorCodes.ShadowingNotAllowed, $"trying to shadow variable '{name}', but shadowing is allowed only inside fold blocks");

    private ScalarValue GetScalar(string name)
    {
        ScalarSlot? slot;
        if (ReferenceEquals(name, _lastReadName))
            slot = _lastReadSlot!;
        else if (_scalars.TryGetValue(name, out slot))
            (_lastReadName, _lastReadSlot) = (name, slot);
        if (slot?.Top is not { } top)
            throw new JoinException(name);
        if (IsHidden(top.Frame))
            throw new JoinException(name);
        return top.Value ?? throw new AirExecutionException(AquaErrorCodes.VariableNotInitializedAfterNew,
            $"variable with name '{name}' was cleared by new and then wasn't set");
    }

    // ---------------------------------------------------------------- streams and canons

    private StreamValue? FindStream(string name) =>
        _streams.TryGetValue(name, out var list) ? StreamInScope(list) : null;

    // Stream scopes are textual (verified: in a fold whose next runs inside (new $s …), the next iteration's writes
    // to $s written outside the new go to the outer stream, AquaVM's canon showing all of them): the innermost
    // running new of the name whose text holds the executing instruction, else the particle's own stream.
    private StreamValue? StreamInScope(List<StreamValue> list)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Holds(_instructionStart))
                return list[i];
        }
        return null;
    }

    // The stream a value goes to is mostly the one the last went to (a fold's calls all write one stream): its list is
    // found by the name's instance, not hashed again. A name's list is never replaced within an execution.
    private string? _lastStreamName;
    private List<StreamValue>? _lastStreamList;

    // Where the instruction running now starts in the script: what a stream name means depends on it.
    private int _instructionStart;

    private StreamValue StreamFor(string name)
    {
        List<StreamValue>? list;
        if (ReferenceEquals(name, _lastStreamName))
        {
            list = _lastStreamList!;
        }
        else
        {
            if (!_streams.TryGetValue(name, out list))
                _streams[name] = list = [];
            (_lastStreamName, _lastStreamList) = (name, list);
        }
        if (StreamInScope(list) is { } stream)
            return stream;
        // The particle's own stream, made on its first write (below any new scopes running).
        stream = _scratch.SpareStreams.TryPop(out var spare) ? spare : new StreamValue();
        list.Insert(0, stream);
        return stream;
    }

    private CanonValue GetCanon(string name)
    {
        if (!_canons.TryGetValue(name, out var list) || list.Count == 0)
            throw new JoinException(name);
        var entry = list[^1];
        // Made in a frame a running next hides (a canon made there, or new's scope opened there): not set for the later
        // iterations, as a scalar (verified: reading it waits, for new's unset canon too, and after a new closed in a
        // later iteration the canon of the new it shadowed is still hidden).
        if (IsHidden(entry.Frame))
            throw new JoinException(name);
        // A new scope's canon not made yet is an error, as a scalar's (verified: AquaVM does not wait for it).
        return entry.Value ?? throw new AirExecutionException(AquaErrorCodes.VariableNotInitializedAfterNew,
            $"variable with name '{name}' was cleared by new and then wasn't set");
    }

    private void SetCanon(string name, CanonValue canon)
    {
        if (!_canons.TryGetValue(name, out var list))
            _canons[name] = list = [];
        // Outside folds a canon is made once per scope (verified: twice at the root or in one new scope is 20007; in a
        // fold, also twice in one iteration, it is not).
        if (_frameStarts.Count == 0 && list.Count > 0 && list[^1].Value is not null)
            throw ShadowingNotAllowed(name);
        // A canon made in a fold iteration belongs to it, as a scalar: closing the frame restores what was before.
        if (_frameStarts.Count > 0)
            (_canonUndo ??= []).Add(new CanonUndo(list, list.Count == 0 ? -1 : list.Count - 1, list.Count == 0 ? default : list[^1], _frame));
        // Canons made again (e.g. in every fold iteration) replace the previous snapshot of their scope.
        if (list.Count == 0)
            list.Add(new CanonEntry(canon, _frame));
        else
            list[^1] = new CanonEntry(canon, _frame);
    }

    /// <summary>A canon scope's snapshot (null: new's, not made yet) and the frame that made it (or opened the new).</summary>
    private readonly record struct CanonEntry(CanonValue? Value, int Frame);

    /// <summary>What a canon made in a fold frame replaced: its scope's list, the slot (-1: it added the first), the entry before.</summary>
    private readonly record struct CanonUndo(List<CanonEntry> List, int Index, CanonEntry Previous, int Frame);

    // Null until a canon is made inside a fold (verified: after the fold a canon made in it is unset again, one
    // made before it is back).
    private List<CanonUndo>? _canonUndo;

    private void UndoFrameCanons()
    {
        var undo = _canonUndo!;
        while (undo.Count > 0 && undo[^1].Frame == _frame)
        {
            var (list, index, previous, _) = undo[^1];
            undo.RemoveAt(undo.Count - 1);
            if (index < 0)
            {
                // The frame added the scope's first snapshot: unset again (unless a new scope ended in between).
                if (list.Count == 1)
                    list.Clear();
            }
            else if (index < list.Count)
            {
                list[index] = previous;
            }
        }
    }

    /// <summary>Writes the final generations of a stream's values into their trace states (prev, current, new; empty ones dropped).</summary>
    private void Renumber(StreamValue stream)
    {
        long lastOrder = -1;
        uint generation = 0;
        var first = true;
        foreach (var item in stream.Items)
        {
            if (!first && item.Order != lastOrder)
                generation++;
            first = false;
            lastOrder = item.Order;
            if (item.NewPosition < 0)
                continue;
            // States are immutable: one already saying this generation stays as it is (and is not written again).
            switch (_trace[item.NewPosition])
            {
                case ApState ap when !ApStates.Says(ap, generation):
                    _trace[item.NewPosition] = ApStates.Of(generation);
                    break;
                case CallState call when call.IsExecuted(out var kind, out var cid, out var written) && kind == ValueKind.Stream && written != generation:
                    _trace[item.NewPosition] = new CallState(ValueKind.Stream, cid, generation);
                    break;
            }
        }
    }

    private void FinishGlobalStreams()
    {
        foreach (var list in _streams.Values)
        {
            foreach (var stream in list)
                Renumber(stream);
        }
    }

    /// <summary>Opens new's scope and returns its body; <see cref="EndNew"/> closes the scope.</summary>
    private AirInstruction StartNew(NewInstruction @new)
    {
        var name = @new.Variable.Name;
        object? scope;
        switch (@new.Variable)
        {
            case StreamVariable or StreamMapVariable:
                if (!_streams.TryGetValue(name, out var streams))
                    _streams[name] = streams = [];
                var scoped = new StreamValue();
                scoped.ScopeTo(@new.Span);
                streams.Add(scoped);
                scope = streams;
                break;
            case CanonStreamVariable or CanonStreamMapVariable:
                if (!_canons.TryGetValue(name, out var canons))
                    _canons[name] = canons = [];
                canons.Add(new CanonEntry(null, _frame));
                scope = canons;
                break;
            default:
                var slot = SlotOf(name);
                var outer = slot.Top;
                slot.Top = NewBinding(null, outer);
                scope = outer;
                break;
        }
        Push(Resumption.NewScope, @new).Target = scope;
        // new starts complete, as seq does (verified: (par (never) (new $x (next i))) on a fold's last value is
        // complete; (par (never) (next i)) is not).
        _complete = true;
        return @new.Body;
    }

    /// <param name="scope">What <see cref="StartNew"/> kept: the stream or canon list, or the scalar binding shadowed.</param>
    private void EndNew(NewInstruction @new, object? scope)
    {
        switch (@new.Variable)
        {
            case StreamVariable or StreamMapVariable:
                var streams = (List<StreamValue>)scope!;
                var stream = streams[^1];
                streams.RemoveAt(streams.Count - 1);
                Renumber(stream);
                return;
            case CanonStreamVariable or CanonStreamMapVariable:
                var canons = (List<CanonEntry>)scope!;
                canons.RemoveAt(canons.Count - 1);
                return;
            default:
                // Drop the binding made in this scope (and anything above it left by inner frames).
                Rebind(@new.Variable.Name, (ScalarBinding?)scope);
                return;
        }
    }

    // ---------------------------------------------------------------- resolution

    /// <summary>A value for an argument: the JSON, one tetraplet per element (canons) or one, and its provenance.</summary>
    private readonly record struct Resolved(JsonNode? Value, IReadOnlyList<SecurityTetraplet> Tetraplets, Provenance Provenance);

    private Resolved Literal(JsonNode? value) => new(value, [_literalTetraplet], Provenance.Literal);

    private Resolved Resolve(AirValue value)
    {
        switch (value)
        {
            case LiteralValue l: return Literal(JsonValue.Create(l.Text));
            case IntValue i: return Literal(i.Value >= 0 ? JsonValue.Create((ulong)i.Value) : JsonValue.Create(i.Value));
            case FloatValue f: return Literal(JsonValue.Create(f.Value));
            case BoolValue b: return Literal(JsonValue.Create(b.Value));
            case EmptyArrayValue: return Literal(new JsonArray());
            case InitPeerIdValue: return Literal(JsonValue.Create(_init));
            case TimestampValue: return Literal(JsonValue.Create(_parameters.Timestamp));
            case TtlValue: return Literal(JsonValue.Create((ulong)_parameters.Ttl));
            case LastErrorValue e: return ResolveError(LastError, _lastErrorTetraplet, e.Lambda);
            case ErrorValue e: return _error is not null
                ? ResolveError(_error.ErrorObject(), _error.Tetraplet, e.Lambda)
                : ResolveError(InitialError(), null, e.Lambda);
            case ScalarVariable s:
            {
                var scalar = GetScalar(s.Name);
                if (s.Lambda is null)
                    return new Resolved(scalar.Value, scalar.TetrapletList, scalar.Provenance);
                var selected = LambdaEvaluator.Apply(scalar.Value, s.Lambda, LambdaScalar);
                // A scalar's length comes from no peer and no service: AquaVM 0.62 gives it the tetraplet {"", "", "",
                // ".length"} whatever the scalar's origin (verified: as an argument, through ap, in a canon).
                if (s.Lambda is LengthFunctor)
                    return new Resolved(selected, [ScalarLengthTetraplet], scalar.Provenance);
                // ap of a lambda on a literal (error values, literal map entries…) keeps its lens as it is (verified).
                var lens = _resolvingForAp && scalar.Provenance.Kind == ProvenanceKind.Literal ? scalar.Tetraplet.Lens : scalar.Tetraplet.Lens + s.Lambda.Lens;
                return new Resolved(selected, [scalar.Tetraplet with { Lens = lens }], scalar.Provenance);
            }
            case CanonStreamVariable c:
            {
                var canon = GetCanon(c.Name);
                var provenance = new Provenance(ProvenanceKind.Canon, canon.Cid);
                if (c.Lambda is null)
                    return new Resolved(canon.ValuesArray(), canon.Items.Select(i => i.Tetraplet).ToArray(), provenance);
                var selected = LambdaEvaluator.ApplyToCanon(canon.ValuesArray(), c.Lambda, LambdaScalar);
                var (tetraplet, origin) = CanonLambdaOrigin(canon, c.Lambda);
                return new Resolved(selected, [tetraplet], origin);
            }
            case CanonStreamMapVariable m:
            {
                var canon = GetCanon(m.Name);
                var provenance = new Provenance(ProvenanceKind.Canon, canon.Cid);
                if (m.Lambda is null)
                    return new Resolved(canon.MapObject(), canon.Items.Select(i => i.Tetraplet).ToArray(), provenance);
                var (selected, tetraplet) = ApplyMapLambda(canon, m.Lambda);
                return new Resolved(selected, [tetraplet], provenance);
            }
            default:
                throw new AirExecutionException(AquaErrorCodes.IncompatibleJValueType, $"{AirPrinter.Print(value)} cannot be used as a value here");
        }
    }

    private Resolved ResolveError(JsonObject error, SecurityTetraplet? origin, AirLambda? lambda)
    {
        JsonNode? value = error.DeepClone();
        var tetraplet = origin ?? _literalTetraplet;
        if (lambda is null)
            return new Resolved(value, [tetraplet], Provenance.Literal);
        // AquaVM leaves the lens of an error value as it is under a lambda (verified: %last_error%.$.error_code has lens "").
        return new Resolved(LambdaEvaluator.Apply(value, lambda, LambdaScalar), [tetraplet], Provenance.Literal);
    }

    // AquaVM 0.62 gives a canon's length the current peer and puts the functor's text into service_id (verified against
    // avm.wasm, whichever peer made the canon; ap drops the service as for every canon value).
    private SecurityTetraplet LengthTetraplet() => new(_me, ".length", "", "");

    /// <summary>A lambda on a canon stream: an element picked by index keeps its own tetraplet (AquaVM does not extend its lens).</summary>
    private (SecurityTetraplet Tetraplet, Provenance Provenance) CanonLambdaOrigin(CanonValue canon, AirLambda lambda)
    {
        if (lambda is LengthFunctor)
            return (LengthTetraplet(), new Provenance(ProvenanceKind.Canon, canon.Cid));
        var first = ((AccessorLambda)lambda).Accessors[0];
        long index = first switch
        {
            IndexAccessor i => i.Index,
            ScalarAccessor s when LambdaScalar(s.ScalarName) is JsonValue v && v.TryGetValue<ulong>(out var n) => (long)n,
            _ => -1,
        };
        // A picked element keeps its own tetraplet and provenance (verified: stored again by ap + canon).
        return index >= 0 && index < canon.Items.Count
            ? (canon.Items[(int)index].Tetraplet, canon.Items[(int)index].Provenance)
            : (canon.Tetraplet with { Lens = lambda.Lens }, new Provenance(ProvenanceKind.Canon, canon.Cid));
    }

    private static readonly SecurityTetraplet ScalarLengthTetraplet = new("", "", "", ".length");

    private JsonNode? LambdaScalar(string name) => GetScalar(name).Value;

    /// <summary>
    /// Canon map lambdas (verified against avm.wasm): <c>.length</c> counts all entries, tetraplet {current peer, lens
    /// "length"}; the first accessor picks a key's values, tetraplet {canon peer, lens = the lambda} (an absent key picks
    /// none, whatever follows); an index after it picks one value, which keeps its own tetraplet with the accessors after
    /// the index appended to its lens.
    /// </summary>
    private (JsonNode? Value, SecurityTetraplet Tetraplet) ApplyMapLambda(CanonValue canon, AirLambda lambda)
    {
        if (lambda is LengthFunctor)
            return (JsonValue.Create((ulong)canon.Items.Count), new SecurityTetraplet(_me, "", "", "length"));
        var accessors = ((AccessorLambda)lambda).Accessors;
        // The key's kind counts: a string finds only string keys, an integer only integer keys (verified).
        var (key, isString) = accessors[0] switch
        {
            FieldAccessor f => (f.Field, true),
            IndexAccessor i => (i.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), false),
            ScalarAccessor s => CanonValue.MapKey(MapAccessorKey(LambdaScalar(s.ScalarName))),
            _ => throw new ArgumentOutOfRangeException(nameof(lambda)),
        };
        var values = new JsonArray();
        var items = new List<ScalarValue>();
        foreach (var item in canon.Items)
        {
            if (CanonValue.MapKey(item.Value!["key"]) == (key, isString))
            {
                values.Add(item.Value!["value"]?.DeepClone());
                items.Add(item);
            }
        }
        // A key that is absent selects an empty canon stream, and the accessors after it are not applied (verified:
        // #%m.$.absent.[0].p is [] with lens ".$.absent.[0].p", where an index past a present key's values fails).
        if (accessors.Count == 1 || items.Count == 0)
            return (values, canon.Tetraplet with { Lens = lambda.Lens });
        var selected = LambdaEvaluator.ApplyToCanon(values, lambda, LambdaScalar, first: 1);
        long index = accessors[1] switch
        {
            IndexAccessor i => i.Index,
            ScalarAccessor s when LambdaScalar(s.ScalarName) is JsonValue v && v.TryGetValue<ulong>(out var n) => (long)n,
            _ => -1,
        };
        if (index < 0 || index >= items.Count)
            return (selected, canon.Tetraplet with { Lens = lambda.Lens });
        var element = items[(int)index].Tetraplet;
        var lens = element.Lens + string.Concat(accessors.Skip(2).Select(a => a.LensText));
        return (selected, element with { Lens = lens });
    }

    // A canon map is looked up by a string or an integer (any i64 or u64: a key that is absent selects no values); other
    // values fail with AquaVM's text (verified against avm.wasm).
    private static JsonNode? MapAccessorKey(JsonNode? key) =>
        IsMapKey(key)
            ? key
            : throw new AirValueException(AirErrorCodes.LambdaApplierError, $"canon stream map accessor `{AirJson.Serialize(key)}` should be either string or number");

    /// <summary>A value as one scalar (ap, fold elements, map keys): canons become arrays (maps objects) with the canon's tetraplet.</summary>
    private ScalarValue ResolveScalar(AirValue value)
    {
        // A service result bound as it is (no lambda) keeps everything: the same value, not a copy of it.
        if (value is ScalarVariable { Lambda: null } plain && GetScalar(plain.Name) is { Provenance.Kind: ProvenanceKind.ServiceResult } result)
            return result;
        Resolved resolved;
        _resolvingForAp = true;
        try
        {
            resolved = Resolve(value);
        }
        finally
        {
            _resolvingForAp = false;
        }
        var tetraplet = value switch
        {
            CanonStreamVariable { Lambda: null } c => GetCanon(c.Name).Tetraplet,
            CanonStreamMapVariable { Lambda: null } m => GetCanon(m.Name).Tetraplet,
            _ => resolved.Tetraplets[0],
        };
        // Only a service result keeps its service and function when bound by ap; canon values and literals (error
        // values among them) keep the peer and the lens (verified against avm.wasm).
        if (resolved.Provenance.Kind != ProvenanceKind.ServiceResult)
            tetraplet = new SecurityTetraplet(tetraplet.PeerPk, "", "", tetraplet.Lens);
        return new ScalarValue(resolved.Value, tetraplet, resolved.Provenance);
    }

    /// <summary>
    /// A part of a call's triplet, or a canon's peer: its errors carry a peer_id in :error: (other instructions'
    /// errors do not), the current peer's, even when the peer part resolved (verified against avm.wasm).
    /// </summary>
    private string ResolveTripletPart(AirValue value, string part)
    {
        // The common parts need no JSON value: a string literal and %init_peer_id% are strings already.
        if (value is LiteralValue literal)
            return literal.Text;
        if (value is InitPeerIdValue)
            return _init;
        JsonNode? resolved;
        try
        {
            resolved = Resolve(value).Value;
        }
        catch (AirValueException e)
        {
            throw new AirExecutionException(e.ErrorCode, e.Message, peerId: _me);
        }
        catch (AirExecutionException e) when (e.IsCatchable)
        {
            e.PeerId ??= _me;
            throw;
        }
        if (resolved is JsonValue v && v.TryGetValue<string>(out var text))
            return text;
        // AquaVM names the variable without its lambda and shows the value the lambda selected (verified against avm.wasm).
        throw new AirExecutionException(AquaErrorCodes.NonStringTripletPart, value is AirVariable variable
            ? $"call cannot resolve non-String triplet variable part `{variable.Name}` with value '{AirJson.Serialize(resolved)}'"
            : $"call {part} must be a string, but it is {AirJson.Serialize(resolved)}", peerId: _me);
    }
}
