using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

// fold / next over values (no trace state) and over streams (fold lore, aquavm.md §1.5, §3.3, §3.6).
internal sealed partial class AirExecution
{
    private readonly List<FoldFrame> _folds = [];

    // Asked at every fold iteration: the only place where AIR repeats.
    private ExecutionDeadline _deadline;

    private sealed class FoldFrame
    {
        // A value fold's items; null in a stream fold, whose items are StreamItems (their values read in place).
        private readonly List<ScalarValue>? _values;

        public FoldFrame(FoldInstruction fold, ScalarSlot iterator, List<ScalarValue> values)
        {
            Fold = fold;
            Iterator = iterator;
            _values = values;
        }

        public FoldFrame(FoldInstruction fold, ScalarSlot iterator, StreamFold stream, List<StreamItem> items)
        {
            Fold = fold;
            Iterator = iterator;
            Stream = stream;
            StreamItems = items;
        }

        public FoldInstruction Fold { get; }

        /// <summary>The iterator's slot, bound once per element.</summary>
        public ScalarSlot Iterator { get; }
        public int Index { get; set; }

        public int Count => _values?.Count ?? StreamItems!.Count;

        /// <summary>The value of the current iteration.</summary>
        public ScalarValue Current => _values is not null ? _values[Index] : StreamItems![Index].Value;

        // Stream folds only.
        public StreamFold? Stream { get; }
        public List<StreamItem>? StreamItems { get; }
    }

    /// <summary>The lore being built and read by one stream fold.</summary>
    private sealed class StreamFold(Scratch scratch)
    {
        public Dictionary<int, ResolvedLore> PrevLore { get; } = [];
        public Dictionary<int, ResolvedLore> CurrentLore { get; } = [];

        /// <summary>One entry per iteration, by value (structs, updated in place by index: the list may grow meanwhile).</summary>
        public List<LoreBuilder> Lore { get; } = scratch.LoreLists.TryPop(out var spare) ? spare : [];

        /// <summary>Leaves the lore list to the next stream fold (the fold's state is made).</summary>
        public void Release(Scratch scratch)
        {
            Lore.Clear();
            scratch.LoreLists.Push(Lore);
        }
    }

    /// <summary>A value's subtraces in an input trace as AquaVM reads them (see <see cref="ResolveLore"/>).</summary>
    private readonly record struct ResolvedLore(SubTraceDescriptor Before, SubTraceDescriptor After);

    private struct LoreBuilder(int valuePosition, int beforeStart, ResolvedLore? prev, ResolvedLore? current)
    {
        public readonly int ValuePosition = valuePosition;
        public int BeforeStart = beforeStart;
        public int BeforeLength = -1;
        public int AfterStart;
        public int AfterLength;
        public bool NextCalled;
        // next on the last value ran the fold's last instruction (its states precede the after-subtrace).
        public bool LastRan;

        /// <summary>Where next was called in the new trace (the before-subtrace ends there).</summary>
        public readonly int NextAt => BeforeStart + BeforeLength;
        public readonly ResolvedLore? Prev = prev;
        public readonly ResolvedLore? Current = current;
    }

    private AirInstruction? StartFold(FoldInstruction fold)
    {
        if (fold.IsOverStream)
            return StartStreamFold(fold);
        List<ScalarValue> items;
        try
        {
            items = IterableItems(fold.Iterable);
        }
        catch (JoinException)
        {
            _complete = false;
            return null;
        }
        catch (AirValueException e)
        {
            throw new AirExecutionException(e.ErrorCode, e.Message);
        }
        // A fold over values starts complete, as seq does: in a par's right branch it does not take the left's
        // completeness (verified: (par (never) (fold a i (next i))) is complete). An empty one is then complete, as
        // null is: a par's right branch of only that completes the par after its left failed or waits (verified).
        _complete = true;
        if (items.Count == 0)
            return null;
        ThrowIfIterating(fold);
        var frame = new FoldFrame(fold, SlotOf(fold.Iterator.Name), items);
        _folds.Add(frame);
        Push(Resumption.ValueFold, fold).Target = frame;
        var outerFrame = EnterIteration(frame);
        ref var iteration = ref Push(Resumption.Iteration, fold);
        (iteration.Target, iteration.OuterFrame) = (frame, outerFrame);
        return fold.Body;
    }

    /// <summary>
    /// A fold may not start while a fold over the same iterator still runs: the parser refuses it nested, and the
    /// outer fold's next run inside the inner fold (in its body or as its last instruction) would start the inner fold
    /// again (verified: AquaVM ends the invocation with 20005).
    /// </summary>
    private void ThrowIfIterating(FoldInstruction fold)
    {
        var name = fold.Iterator.Name;
        if (RunningFold(name) is not null)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.MultipleIterableValues, $"multiple iterable values found for iterable name '{name}'");
    }

    /// <summary>The innermost running fold over <paramref name="iterator"/>, or null.</summary>
    private FoldFrame? RunningFold(string iterator)
    {
        for (var i = _folds.Count - 1; i >= 0; i--)
        {
            if (_folds[i].Fold.Iterator.Name == iterator)
                return _folds[i];
        }
        return null;
    }

    private List<ScalarValue> IterableItems(AirValue iterable)
    {
        switch (iterable)
        {
            case EmptyArrayValue:
                return [];
            case CanonStreamVariable { Lambda: null } c:
                return [.. GetCanon(c.Name).Items];
            case CanonStreamMapVariable { Lambda: null } m:
                return [.. GetCanon(m.Name).Items];
            default:
                var resolved = Resolve(iterable);
                // A scalar's lambda is named without the scalar (verified: 'v.$.p' is "expression '.$.p' returned …").
                if (resolved.Value is not JsonArray array)
                    throw new AirExecutionException(AquaErrorCodes.FoldIteratesOverNonArray,
                        $"expression '{(iterable is ScalarVariable { Lambda: { } lambda } ? lambda.Text : AirPrinter.Print(iterable))}' returned non-array value '{AirJson.Serialize(resolved.Value)}' for fold iterable");
                var tetraplet = resolved.Tetraplets[0];
                var items = new List<ScalarValue>(array.Count);
                // Elements are shared, not copied: values are never changed in place, and whatever inserts one into
                // a container clones it.
                for (var i = 0; i < array.Count; i++)
                    items.Add(ScalarValue.Element(array[i], tetraplet, i, resolved.Provenance));
                return items;
        }
    }

    /// <summary>
    /// Opens the scalar scope of the frame's current element (its iterator bound) and returns the frame it closes back
    /// to. What the iteration's entry undoes is done before the entry is pushed: what fails in between (the deadline, a
    /// shadowed iterator, a subtrace outside the trace) is never catchable and ends the invocation.
    /// </summary>
    private int EnterIteration(FoldFrame frame)
    {
        _deadline.OnIteration();
        var outerFrame = OpenFrame();
        SetScalar(frame.Iterator, frame.Fold.Iterator.Name, frame.Current);
        return outerFrame;
    }

    private AirInstruction? StartNext(NextInstruction next)
    {
        var frame = RunningFold(next.Iterator.Name)
            ?? throw AirExecutionException.Uncatchable(20003, $"fold state for iterator '{next.Iterator.Name}' not found");
        if (frame.Stream is not null)
            return NextInStream(next, frame);
        if (frame.Index + 1 < frame.Count)
        {
            frame.Index++;
            HideFrame();
            var outerFrame = EnterIteration(frame);
            ref var iteration = ref Push(Resumption.NextIteration, next);
            (iteration.Target, iteration.OuterFrame) = (frame, outerFrame);
            return frame.Fold.Body;
        }
        // Past the last value without a last instruction, a next that is a par's whole left branch leaves the par as
        // complete as its right branch (verified: (par (next i) (never)) waits, (par (new $x (next i)) (never)) or
        // (par (seq (null) (next i)) (never)) does not); as a right branch it keeps the left's completeness. The last
        // instruction starts complete (verified: (fold #c i (par (never) (next i)) (next j)), j's fold past its last
        // value too, is complete; without (next j) it is not).
        if (frame.Fold.Last is null)
        {
            if (_workCount > 0 && _work[_workCount - 1] is { Kind: Resumption.ParLeft, Instruction: ParInstruction par } && ReferenceEquals(par.Left, next))
                _pars[_parCount - 1].LeftIdle = true;
            return null;
        }
        _complete = true;
        return frame.Fold.Last;
    }

    // ---------------------------------------------------------------- stream folds

    /// <summary>A running stream fold: its state and rounds, kept while the work stack runs its iterations.</summary>
    private sealed class StreamFoldRun(FoldInstruction fold, StreamValue stream, StreamFold state, int at)
    {
        public FoldInstruction Fold { get; } = fold;
        public StreamValue Stream { get; } = stream;
        public StreamFold State { get; } = state;
        /// <summary>Where the fold's state is in the new trace.</summary>
        public int At { get; } = at;
        public int PrevEnd { get; init; }
        public int CurrentEnd { get; init; }
        public int PrevOuterEnd { get; init; }
        public int CurrentOuterEnd { get; init; }

        /// <summary>Visited items by id (a stream holds at most MaxValues items): a bit each.</summary>
        public ulong[] Visited { get; } = new ulong[(StreamValue.MaxValues + 63) / 64];

        /// <summary>The items the running pass may visit, by id (see <see cref="StartPass"/>).</summary>
        public ulong[] InPass { get; } = new ulong[(StreamValue.MaxValues + 63) / 64];

        /// <summary>How many non-empty generations of each group (prev, current, new) the next pass skips (see <see cref="StartPass"/>).</summary>
        public uint[] Cursors { get; } = new uint[3];

        /// <summary>One list for every round: a round's frame is gone before the next round fills it again.</summary>
        public List<StreamItem> Round { get; } = [];

        /// <summary>The running round's frame; null until the first round starts.</summary>
        public FoldFrame? Frame { get; set; }

        /// <summary>Whether a round has started: from then on a pass (which opened a new generation) ends before the next one starts.</summary>
        public bool Started => Frame is not null;

        public bool AnyComplete { get; set; }
    }

    private AirInstruction? StartStreamFold(FoldInstruction fold)
    {
        var name = ((AirVariable)fold.Iterable).Name;
        // A stream nothing wrote yet: wait. One that exists but is empty (made by new) still gets its (empty) fold
        // state, and the fold is incomplete (verified).
        var stream = FindStream(name);
        if (stream is null)
        {
            _complete = false;
            return null;
        }
        var (prev, _, current, _) = Take<FoldState>(fold, "fold");
        var at = _trace.Count;
        _trace.Add(null!);
        var state = new StreamFold(_scratch);
        var prevCount = ResolveLore(prev, _prev.Trace, state.PrevLore, fold);
        var currentCount = ResolveLore(current, _current.Trace, state.CurrentLore, fold);
        ThrowIfLoreOverruns(prevCount, _prev, prev, state.PrevLore, fold, "previous");
        ThrowIfLoreOverruns(currentCount, _current, current, state.CurrentLore, fold, "current");
        var run = new StreamFoldRun(fold, stream, state, at)
        {
            PrevOuterEnd = _prev.End,
            CurrentOuterEnd = _current.End,
            // Past the fold each input goes on as many states on as its lore's subtraces hold, not where they end.
            PrevEnd = _prev.Position + (int)prevCount,
            CurrentEnd = _current.Position + (int)currentCount,
        };
        // The round entry stays on the stack from here to the fold's end, resumed after each round.
        Push(Resumption.StreamRound, fold).Target = run;
        return NextRound(run);
    }

    /// <summary>
    /// Starts the fold's next round, one per generation in stream order, or finishes the fold after the last (and
    /// pops its round entry, then on top of the stack).
    /// </summary>
    private AirInstruction? NextRound(StreamFoldRun run)
    {
        var round = run.Round;
        var visited = run.Visited;
        var inPass = run.InPass;
        round.Clear();
        for (var pass = 0; pass < 2 && round.Count == 0; pass++)
        {
            if (pass == 1 && !StartPass(run))
                break;
            long order = -1;
            foreach (var item in run.Stream.Items)
            {
                var bit = 1UL << (item.Id & 63);
                if ((visited[item.Id >> 6] & bit) != 0 || (inPass[item.Id >> 6] & bit) == 0)
                    continue;
                if (order == -1)
                    order = item.Order;
                if (item.Order == order)
                    round.Add(item);
            }
        }
        if (round.Count == 0)
        {
            Pop(ref _work[_workCount - 1]);
            // What comes after the fold (an enclosing round's ap, another fold's pass) lands in a generation of its own.
            run.Stream.OpenNewGenerationAfterValues();
            FinishStreamFold(run);
            _complete = run.AnyComplete;
            return null;
        }
        // Once, before the first round: the running folds below this one stay the same from round to round.
        if (!run.Started)
            ThrowIfIterating(run.Fold);
        foreach (var item in round)
            visited[item.Id >> 6] |= 1UL << (item.Id & 63);
        var frame = new FoldFrame(run.Fold, SlotOf(run.Fold.Iterator.Name), run.State, round);
        _folds.Add(frame);
        run.Frame = frame;
        _complete = true;
        var loreAt = BeginStreamIteration(frame, run.Fold);
        var outerFrame = EnterIteration(frame);
        ref var iteration = ref Push(Resumption.StreamIteration, run.Fold);
        (iteration.Target, iteration.LoreAt, iteration.OuterFrame) = (frame, loreAt, outerFrame);
        return run.Fold.Body;
    }

    /// <summary>
    /// Starts the fold's next pass; false when it would take nothing. The generation model, as differential runs of
    /// nested folds appending to the stream they fold over show AquaVM keeps it:
    /// <list type="bullet">
    /// <item>A pass takes, as they are when it starts, the values of each group's (prev, current, new) non-empty
    /// generations past the first <c>Cursors[group]</c> of them, and runs one round per generation.</item>
    /// <item>Each cursor then becomes its group's generation count, empty generations included (prev and current
    /// count up to their highest replayed generation). Counting empty ones and skipping only non-empty ones is what
    /// stops a fold short of what a fold nested in it appended (verified: <c>(fold $s i (seq (fold $s j (seq (xor
    /// (match j 1 (ap 2 $s)) (null)) (next j))) (next i)))</c> over <c>[1]</c> visits 1 and the first 2, not the
    /// second).</item>
    /// <item>The pass opens a new generation, where everything new in it lands, in whichever round (verified: two
    /// call results applied in two rounds of one pass share a generation).</item>
    /// <item>When another pass follows, the last new generation is dropped first if it is empty; after the last pass
    /// it stays, and a later fold's cursor counts it (verified: after <c>(fold $s i (null))</c>, a fold appending to
    /// $s visits none of its appends in that invocation).</item>
    /// <item>When the fold ends and the last new generation holds a value, a new one is opened: what an enclosing
    /// fold's round appends after a nested fold does not join the nested fold's appends (verified: an inner fold's call
    /// result and the outer round's ap after it take two generations).</item>
    /// </list>
    /// With these, 400 of 400 random single-peer scripts of up to three folds nested over one stream, appending to it,
    /// match AquaVM's lore.
    /// </summary>
    private static bool StartPass(StreamFoldRun run)
    {
        var stream = run.Stream;
        var visited = run.Visited;
        var inPass = run.InPass;
        Array.Clear(inPass);
        Span<uint> counts = stackalloc uint[3];
        Span<uint> nonEmpty = stackalloc uint[3];
        var cursors = run.Cursors;
        long order = -1;
        var any = false;
        foreach (var item in stream.Items)
        {
            var group = (int)item.Group;
            if (item.Group != ValueGroup.New)
                counts[group] = Math.Max(counts[group], item.Generation + 1);
            if (item.Order != order)
            {
                nonEmpty[group]++;
                order = item.Order;
            }
            if ((visited[item.Id >> 6] & (1UL << (item.Id & 63))) != 0 || nonEmpty[group] <= cursors[group])
                continue;
            inPass[item.Id >> 6] |= 1UL << (item.Id & 63);
            any = true;
        }
        if (!any)
            return false;
        if (run.Started)
            stream.DropLastNewGenerationIfEmpty();
        cursors[(int)ValueGroup.Prev] = counts[(int)ValueGroup.Prev];
        cursors[(int)ValueGroup.Current] = counts[(int)ValueGroup.Current];
        cursors[(int)ValueGroup.New] = (uint)stream.NewGenerationCount;
        stream.OpenNewGeneration();
        return true;
    }

    /// <summary>A round returned (or its error was swallowed): the next one runs.</summary>
    private AirInstruction? RoundReturned(StreamFoldRun run)
    {
        _folds.Remove(run.Frame!);
        run.AnyComplete |= _complete;
        return NextRound(run);
    }

    /// <summary>Writes the fold's state from its lore and leaves the inputs after its subtraces (also when an error passes).</summary>
    private void FinishStreamFold(StreamFoldRun run)
    {
        var state = run.State;
        var lore = new PackedLore[state.Lore.Count];
        for (var i = 0; i < lore.Length; i++)
        {
            var l = state.Lore[i];
            lore[i] = new PackedLore((uint)l.ValuePosition,
                new SubTraceDescriptor((uint)l.BeforeStart, (uint)Math.Max(0, l.BeforeLength)), new SubTraceDescriptor((uint)l.AfterStart, (uint)l.AfterLength));
        }
        SetState(run.At, new FoldState(lore));
        state.Release(_scratch);
        _prev.Restore((run.PrevEnd, run.PrevOuterEnd));
        _current.Restore((run.CurrentEnd, run.CurrentOuterEnd));
    }

    /// <summary>
    /// Reads a fold's lore from one input trace as AquaVM reads it when the fold starts, into the subtraces each value's
    /// iteration reads (by value position), and returns how many states the lore's subtraces hold. AquaVM refuses lore that
    /// does not have two subtraces, names a position that is not a stream value (a call's stream result or an ap) of that
    /// trace, whose lengths overflow (its 32-bit count) or that names a value twice. Then, as its replays of altered lore
    /// show: in each run of consecutive lore whose values share a generation, a value's iteration reads a before-subtrace as
    /// long as the before-subtraces of it and the run's later values together with the run's after-subtraces (the later
    /// iterations and what follows them nest in it), and an after-subtrace as long as the run's after-subtraces up to its
    /// own. Data AquaVM writes reads the same either way: each iteration reads only its own states.
    /// </summary>
    private static uint ResolveLore(FoldState? state, IReadOnlyList<ExecutedState> trace, Dictionary<int, ResolvedLore> byValue, FoldInstruction fold)
    {
        if (state is null)
            return 0;
        var lore = state.LoreSpan;
        uint count = 0;
        for (var i = 0; i < lore.Length; i++)
        {
            var subtraces = lore[i].SubtraceSpan;
            if (subtraces.Length != 2)
                throw TraceError(fold, $"fold contains {subtraces.Length} sublore descriptors, but 2 is expected");
            _ = ValueGeneration(trace, lore[i].ValuePosition, fold);
            var states = (ulong)subtraces[0].Length + subtraces[1].Length;
            if (states > uint.MaxValue || count + states > uint.MaxValue)
                throw TraceError(fold, $"the first {i} subtrace descriptors lens of fold {RustDebugText.FoldResult(lore)} overflows");
            count += (uint)states;
        }
        for (var runStart = 0; runStart < lore.Length;)
        {
            var generation = ValueGeneration(trace, lore[runStart].ValuePosition, fold);
            var runEnd = runStart + 1;
            uint afterSum = lore[runStart].SubtraceSpan[1].Length;
            for (; runEnd < lore.Length && ValueGeneration(trace, lore[runEnd].ValuePosition, fold) == generation; runEnd++)
                afterSum += lore[runEnd].SubtraceSpan[1].Length;
            // Backwards: the befores of this value and the run's later ones, and the afters of the run's earlier ones.
            uint laterBefores = 0, laterAfters = 0;
            for (var i = runEnd - 1; i >= runStart; i--)
            {
                var (before, after) = (lore[i].SubtraceSpan[0], lore[i].SubtraceSpan[1]);
                laterBefores += before.Length;
                var resolved = new ResolvedLore(before with { Length = laterBefores + afterSum }, after with { Length = afterSum - laterAfters });
                laterAfters += after.Length;
                if (!byValue.TryAdd((int)lore[i].ValuePosition, resolved))
                    throw TraceError(fold, $"{RustDebugText.FoldResult(lore)} contains several subtraces with the same value_pos {lore[i].ValuePosition}");
            }
            runStart = runEnd;
        }
        return count;
    }

    /// <summary>The generation of the stream value at <paramref name="position"/>; a TraceError when there is none.</summary>
    private static uint ValueGeneration(IReadOnlyList<ExecutedState> trace, uint position, FoldInstruction fold)
    {
        if (position >= trace.Count)
            throw TraceError(fold, $"requested an element at position '{position}', but executed trace contains only '{trace.Count}' elements");
        switch (trace[(int)position])
        {
            case ApState ap:
                return ap.GenerationSpan.Length > 0 ? ap.GenerationSpan[0] : 0;
            case CallState call when call.IsExecuted(out var kind, out _, out var generation) && kind == ValueKind.Stream:
                return generation;
            default:
                throw TraceError(fold, $"expected a state of CallResult(Value::Stream) or Ap types but '{RustDebugText.StateDisplay(trace[(int)position])}' obtained");
        }
    }

    /// <summary>
    /// A fold whose lore holds more states than are left of the enclosing subtrace is a TraceError (AquaVM's text, the
    /// values in lore order where AquaVM prints its map's order).
    /// </summary>
    private static void ThrowIfLoreOverruns(uint count, Trace.TraceSlider slider, FoldState? state, Dictionary<int, ResolvedLore> byValue, FoldInstruction fold, string side)
    {
        var left = slider.End - slider.Position;
        if (count <= left)
            return;
        var text = new System.Text.StringBuilder();
        foreach (var lore in state!.LoreSpan)
        {
            var resolved = byValue[(int)lore.ValuePosition];
            text.Append(text.Length == 0 ? "" : ", ").Append(lore.ValuePosition).Append(": ResolvedSubTraceDescs { before_subtrace: ")
                .Append(RustDebugText.Descriptor(resolved.Before)).Append(", after_subtrace: ").Append(RustDebugText.Descriptor(resolved.After)).Append(" }");
        }
        throw TraceError(fold, $"underflow is occurred while calculating the new position of a {side} slider for resolved fold ResolvedFold {{ lore: {{{text}}}, fold_states_count: {count} }} and current subtrace len {left}'");
    }

    /// <summary>Starts the lore of the frame's current value and narrows the inputs to its before-subtraces; returns the lore's index.</summary>
    private int BeginStreamIteration(FoldFrame frame, AirInstruction by)
    {
        var item = frame.StreamItems![frame.Index];
        var fold = frame.Stream!;
        ResolvedLore? prevLore = item.PrevPosition >= 0 && fold.PrevLore.TryGetValue(item.PrevPosition, out var p) ? p : null;
        ResolvedLore? currentLore = item.CurrentPosition >= 0 && fold.CurrentLore.TryGetValue(item.CurrentPosition, out var c) ? c : null;
        var loreAt = fold.Lore.Count;
        fold.Lore.Add(new LoreBuilder(item.NewPosition, _trace.Count, prevLore, currentLore));
        SetSubtrace(_prev, prevLore, after: false, by);
        SetSubtrace(_current, currentLore, after: false, by);
        return loreAt;
    }

    /// <summary>An iteration returned: its before-subtrace ends here unless next ended it, else its after-subtrace does.</summary>
    private void EndStreamIteration(FoldFrame frame, int loreAt)
    {
        ref var lore = ref CollectionsMarshal.AsSpan(frame.Stream!.Lore)[loreAt];
        if (lore.NextCalled)
        {
            lore.AfterLength = _trace.Count - lore.AfterStart;
            // Nothing after next on the last value: AquaVM's after-subtrace then starts where next was called and holds
            // the last instruction's states (verified: (fold $s i (seq (ap 2 $t) (next i)) (ap 3 $u)) gives after
            // {3, 1}; with work after next it is that work's, as for other values).
            if (lore.AfterLength == 0 && lore.LastRan)
            {
                lore.AfterStart = lore.NextAt;
                lore.AfterLength = _trace.Count - lore.AfterStart;
            }
        }
        else
        {
            lore.BeforeLength = _trace.Count - lore.BeforeStart;
            lore.AfterStart = _trace.Count;
            lore.AfterLength = 0;
        }
    }

    /// <summary>Narrows <paramref name="slider"/> to a value's before- or after-subtrace, or to nothing without lore.</summary>
    /// <param name="instruction">The fold or next that does it, named in AquaVM's error for a subtrace outside the trace.</param>
    private static void SetSubtrace(Trace.TraceSlider slider, ResolvedLore? lore, bool after, AirInstruction instruction)
    {
        if (lore is not { } resolved)
        {
            slider.SetSubtrace(0, 0);
            return;
        }
        var subtrace = after ? resolved.After : resolved.Before;
        if (!slider.TrySetSubtrace(subtrace.Position, subtrace.Length))
            throw TraceError(instruction, slider.OutsideText(subtrace.Position, subtrace.Length));
    }

    private AirInstruction? NextInStream(NextInstruction next, FoldFrame frame)
    {
        var fold = frame.Stream!;
        // The latest lore of this value (a loop, not Last with a lambda: no closure per next).
        var position = frame.StreamItems![frame.Index].NewPosition;
        var at = fold.Lore.Count - 1;
        while (fold.Lore[at].ValuePosition != position)
            at--;
        ref var lore = ref CollectionsMarshal.AsSpan(fold.Lore)[at];
        lore.BeforeLength = _trace.Count - lore.BeforeStart;
        lore.NextCalled = true;
        if (frame.Index + 1 < frame.Count)
        {
            frame.Index++;
            var loreAt = BeginStreamIteration(frame, next);
            HideFrame();
            var outerFrame = EnterIteration(frame);
            ref var iteration = ref Push(Resumption.StreamNextIteration, next);
            (iteration.Target, iteration.LoreAt, iteration.OuterFrame, iteration.NextLoreAt) = (frame, loreAt, outerFrame, at);
            return frame.Fold.Body;
        }
        ref var after = ref Push(Resumption.StreamNext, next);
        (after.Target, after.NextLoreAt) = (frame, at);
        if (frame.Fold.Last is not null)
        {
            // The last instruction's states are where AquaVM puts them: at the start of the value's after-subtrace.
            lore.LastRan = true;
            SetSubtrace(_prev, lore.Prev, after: true, next);
            SetSubtrace(_current, lore.Current, after: true, next);
            // As in a fold over values (verified with (next j) of an outer fold past its last value as the last instruction).
            _complete = true;
            return frame.Fold.Last;
        }
        SetSubtrace(_prev, null, after: false, next);
        SetSubtrace(_current, null, after: false, next);
        _complete = false;
        return null;
    }

    /// <summary>next returned (the later iterations ran): the iteration's after-subtrace starts here.</summary>
    private void EndStreamNext(FoldFrame frame, int loreAt, bool unwinding, AirInstruction next)
    {
        // Again by index: iterations run meanwhile may have grown the list.
        ref var after = ref CollectionsMarshal.AsSpan(frame.Stream!.Lore)[loreAt];
        // A last instruction that failed leaves its states in the after-subtrace, which then starts where next was
        // called (verified: a failed call as the last instruction, caught by an xor around next; returning, the
        // after-subtrace starts past them).
        after.AfterStart = unwinding && after.LastRan ? after.NextAt : _trace.Count;
        // After the last instruction the after-subtrace goes on where it stopped.
        if (after.LastRan)
            return;
        SetSubtrace(_prev, after.Prev, after: true, next);
        SetSubtrace(_current, after.Current, after: true, next);
    }
}
