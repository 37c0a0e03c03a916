using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Trace;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// One invocation (aquavm.md §1.4): a single pass over the whole script that merges prev_data and current_data while
/// executing (§3.6), replays what is in the traces, asks the host for new calls and writes the new trace and stores.
/// Not thread-safe; one instance per invocation.
/// </summary>
internal sealed partial class AirExecution
{
    private readonly RunParameters _parameters;
    private readonly string _me;
    // One instance for every request this invocation sends, as AquaVM shares one Rc of the current peer id: the
    // archive then holds the peer id once instead of once per request.
    private readonly PeerRef _meRef;
    private readonly string _init;
    private readonly IReadOnlyDictionary<uint, CallServiceResult> _callResults;
    private readonly ConsumedCallResults _consumed;
    private readonly TraceSlider _prev;
    private readonly TraceSlider _current;
    private readonly List<ExecutedState> _trace;
    private readonly List<string> _unsignedCids = [];
    private readonly CidInfo _stores;
    private List<string>? _nextPeers;
    private readonly HashSet<string> _nextPeerSet;
    private readonly CallRequestTable _requests = new();
    private readonly Dictionary<CidRef, JsonNode?> _parsedValues;
    private readonly SecurityTetraplet _literalTetraplet;
    private readonly ArgumentHasher _argumentHasher;
    private readonly List<JsonNode?> _argumentValues;
    private readonly List<IReadOnlyList<SecurityTetraplet>> _argumentTetraplets;
    private readonly Scratch _scratch = Scratch.Take();
    private uint _lastCallId;
    private bool _complete = true;

    public AirExecution(InterpreterData prev, InterpreterData current, RunParameters parameters, IReadOnlyDictionary<uint, CallServiceResult> callResults)
    {
        _parameters = parameters;
        _me = parameters.CurrentPeerId;
        _meRef = new PeerRef(_me);
        // One instance when this peer is the initiator: a call's peer (often %init_peer_id%) is then compared with this
        // peer's id by reference, not by reading its characters.
        _init = parameters.InitPeerId == _me ? _me : parameters.InitPeerId;
        _callResults = callResults;
        _prev = new TraceSlider(prev.Trace);
        // The new trace holds at least every state replayed from the longer input.
        _trace = TakeTrace(Math.Max(prev.Trace.Count, current.Trace.Count) + 1);
        _current = new TraceSlider(current.Trace);
        _lastCallId = prev.LastCallRequestId;
        _consumed = new ConsumedCallResults(_lastCallId, callResults.Count);
        _stores = UnionStores(prev.CidInfo, current.CidInfo, callResults.Count);
        _literalTetraplet = new SecurityTetraplet(_init, "", "", "");
        (_scalars, _streams, _canons, _frameSlots, _frameStarts, _recorded, _spareBindings) =
            (_scratch.Scalars, _scratch.Streams, _scratch.Canons, _scratch.FrameSlots, _scratch.FrameStarts, _scratch.Recorded, _scratch.SpareBindings);
        _hiddenFrames = _scratch.HiddenFrames;
        (_parsedValues, _nextPeerSet, _argumentHasher, _argumentValues, _argumentTetraplets) =
            (_scratch.ParsedValues, _scratch.NextPeerSet, _scratch.ArgumentHasher, _scratch.ArgumentValues, _scratch.ArgumentTetraplets);
        (_valueCids, _serviceResultCids) = (_scratch.ValueCids, _scratch.ServiceResultCids);
        (_work, _pars) = (_scratch.Work, _scratch.Pars);
    }

    public List<ExecutedState> Trace => _trace;

    /// <summary>CIDs this invocation produced that AquaVM does not sign (one entry per occurrence).</summary>
    public IReadOnlyList<string> UnsignedCids => _unsignedCids;

    public CidInfo Stores => _stores;

    public uint LastCallRequestId => _lastCallId;

    public IReadOnlyList<string> NextPeers => (IReadOnlyList<string>?)_nextPeers ?? [];

    public IReadOnlyDictionary<uint, CallRequest> CallRequests => _requests;

    /// <summary>Call result ids the script did not consume (farewell error 30000 when not empty).</summary>
    public IEnumerable<uint> UnconsumedCallResults =>
        // Every result applied (the usual case): nothing to look through.
        _consumed.Count == _callResults.Count ? [] : _callResults.Keys.Where(id => !_consumed.Contains(id));

    /// <summary>
    /// Runs the script; a catchable error escaping the root is thrown after the trace is finalised. Past
    /// <paramref name="deadline"/> the run stops with <see cref="TimeoutException"/> (or
    /// <see cref="OperationCanceledException"/>), and its results are not to be used.
    /// </summary>
    public void Run(AirInstruction root, ExecutionDeadline deadline = default)
    {
        _deadline = deadline;
        try
        {
            Execute(root);
        }
        finally
        {
            // No CID leaves the invocation pending, nor a store entry unsettled (Count settles): whatever reads them later
            // may do so on any thread.
            _serviceResultCids.Run();
            _valueCids.Run();
            _ = _stores.ServiceResults.Count;
            _ = _stores.Values.Count;
            FinishGlobalStreams();
            // Nothing reads the working tables after this (the results are the trace, stores, peers and requests).
            ReleaseWork();
            _scratch.Release();
            FinishHostArguments();
        }
    }

    // Each call result adds at most a value and a service result: their stores are sized for them up front.
    private static CidInfo UnionStores(CidInfo prev, CidInfo current, int callResults) => new()
    {
        Values = CidStore<RawValue>.Union(prev.Values, current.Values, callResults),
        Tetraplets = CidStore<StoredTetraplet>.Union(prev.Tetraplets, current.Tetraplets),
        CanonElements = CidStore<CanonElement>.Union(prev.CanonElements, current.CanonElements),
        CanonResults = CidStore<CanonResultValue>.Union(prev.CanonResults, current.CanonResults),
        ServiceResults = CidStore<ServiceResult>.Union(prev.ServiceResults, current.ServiceResults, callResults),
    };

    // ---------------------------------------------------------------- dispatch

    /// <summary>A missing variable is not an error: the instruction waits (writes nothing, subgraph incomplete).</summary>
    private void Joinable(AirInstruction instruction)
    {
        _complete = true;
        try
        {
            // A switch, not a delegate: no closure per executed instruction.
            switch (instruction)
            {
                case CallInstruction call: ExecuteCall(call); return;
                case ApInstruction ap: ExecuteAp(ap); return;
                case ApMapInstruction apMap: ExecuteApMap(apMap); return;
                case CanonInstruction canon: ExecuteCanon(canon, canon.PeerId, canon.Stream.Name, canon.Canon.Name, CanonTarget.Stream); return;
                case CanonMapInstruction canon: ExecuteCanon(canon, canon.PeerId, canon.Map.Name, canon.Canon.Name, CanonTarget.Map); return;
                case CanonMapToScalarInstruction canon: ExecuteCanon(canon, canon.PeerId, canon.Map.Name, canon.Scalar.Name, CanonTarget.Scalar); return;
                case FailInstruction fail: ExecuteFail(fail); return;
                default: throw new ArgumentOutOfRangeException(nameof(instruction), instruction.GetType().Name);
            }
        }
        catch (AirValueException e)
        {
            throw new AirExecutionException(e.ErrorCode, e.Message);
        }
        catch (JoinException)
        {
            _complete = false;
        }
    }

    /// <summary>A running par: its input states, where its subtraces start and end, and its left branch's outcome.</summary>
    private struct OpenPar
    {
        public ParState? PrevPar;
        public ParState? CurrentPar;
        public AirExecutionException? LeftError;
        public bool LeftComplete;
        // The left branch was only a next past the last value with no last instruction: it counts for nothing, the
        // par is as complete as its right branch (see StartNext).
        public bool LeftIdle;
        // Where the par's state is in the new trace.
        public int At;
        public int PrevStart;
        public int CurrentStart;
        // Where the enclosing subtraces end.
        public int PrevEnd;
        public int CurrentEnd;
        // Whether the right branch starts past the left's whole subtrace (else where the left stopped reading; see StartPar).
        public bool PrevSkipsLeft;
        public bool CurrentSkipsLeft;
        // Where the running branch started in the new trace.
        public int BranchStart;
        public int LeftSize;
    }

    private OpenPar[] _pars;
    private int _parCount;

    private void PopPar() => _pars[--_parCount] = default;

    private AirInstruction StartPar(ParInstruction par)
    {
        var (prevPar, _, currentPar, _) = Take<ParState>(par, "par");
        var at = _trace.Count;
        _trace.Add(null!);
        var prevStart = _prev.Position;
        var currentStart = _current.Position;
        long prevLeft = prevPar?.Left ?? 0, prevRight = prevPar?.Right ?? 0;
        long currentLeft = currentPar?.Left ?? 0, currentRight = currentPar?.Right ?? 0;
        // Both branches must fit in what is left of the enclosing subtrace, as AquaVM checks (in a stream fold iteration
        // that is the iteration's resolved subtrace, which holds the later iterations a par there may hold).
        var (prevEnd, currentEnd) = (_prev.End, _current.End);
        if (prevLeft + prevRight > prevEnd - prevStart)
            throw ParUnderflow(prevPar!, prevEnd - prevStart);
        if (currentLeft + currentRight > currentEnd - currentStart)
            throw ParUnderflow(currentPar!, currentEnd - currentStart);

        _prev.SetSubtrace(prevStart, prevLeft);
        _current.SetSubtrace(currentStart, currentLeft);
        if (_parCount == _pars.Length)
            Array.Resize(ref _pars, _pars.Length * 2);
        ref var open = ref _pars[_parCount++];
        (open.PrevPar, open.CurrentPar, open.At) = (prevPar, currentPar, at);
        (open.PrevStart, open.CurrentStart, open.PrevEnd, open.CurrentEnd) = (prevStart, currentStart, prevEnd, currentEnd);
        // AquaVM moves a slider past the left subtrace when the left branch ends only if what is left of the enclosing
        // subtrace after it is at least as long as the left subtrace; otherwise the right branch reads on from where the
        // left stopped (verified on par sizes altered in data: the threshold is exactly that, whatever the left read or
        // where the par starts). Data AquaVM writes has a left branch read its whole subtrace, so either way is the same.
        (open.PrevSkipsLeft, open.CurrentSkipsLeft) = (prevEnd - prevStart - prevLeft >= prevLeft, currentEnd - currentStart - currentLeft >= currentLeft);
        open.BranchStart = _trace.Count;
        Push(Resumption.ParLeft, par);
        _complete = true;
        return par.Left;
    }

    // AquaVM's text (its closing quote included; "current slider" for prev_data's too) for a par whose sizes exceed
    // what is left of the enclosing subtrace.
    private static AirExecutionException ParUnderflow(ParState par, long subtraceLength) =>
        AirExecutionException.Uncatchable(AquaErrorCodes.TraceError,
            $"on instruction 'par' trace handler encountered an error: underflow is occurred while calculating the new position of a current slider for resolved par {RustDebugText.ParResult(par)} and current subtrace len {subtraceLength}'");

    /// <summary>The left branch returned or failed: its entry becomes the right branch's.</summary>
    private AirInstruction StartParRight(ref Continuation entry, bool leftComplete, AirExecutionException? leftError)
    {
        ref var open = ref _pars[_parCount - 1];
        var leftSize = _trace.Count - open.BranchStart;
        if (open.PrevSkipsLeft)
            _prev.Position = open.PrevStart + (int)(open.PrevPar?.Left ?? 0);
        if (open.CurrentSkipsLeft)
            _current.Position = open.CurrentStart + (int)(open.CurrentPar?.Left ?? 0);
        _prev.SetLength(open.PrevPar?.Right ?? 0);
        _current.SetLength(open.CurrentPar?.Right ?? 0);
        entry.Kind = Resumption.ParRight;
        (open.LeftSize, open.LeftComplete, open.LeftError) = (leftSize, leftComplete, leftError);
        open.BranchStart = _trace.Count;
        // The right branch starts with the left's completeness: an exhausted next (no last instruction) keeps it, so
        // (par (call …waiting) (next i)) on the last element is incomplete, as in AquaVM.
        _complete = leftComplete;
        return ((ParInstruction)entry.Instruction).Right;
    }

    /// <summary>Both branches returned or failed: the par's state is written and its outcome decided.</summary>
    private void FinishPar(bool rightComplete, AirExecutionException? rightError)
    {
        var open = _pars[_parCount - 1];
        PopPar();
        var (prevPar, currentPar, leftSize, rightSize) = (open.PrevPar, open.CurrentPar, open.LeftSize, _trace.Count - open.BranchStart);
        SetState(open.At, SameSizes(prevPar, leftSize, rightSize) ? prevPar!
            : SameSizes(currentPar, leftSize, rightSize) ? currentPar!
            : new ParState((uint)leftSize, (uint)rightSize));
        _prev.Restore((open.PrevStart + (int)((long)(prevPar?.Left ?? 0) + (prevPar?.Right ?? 0)), open.PrevEnd));
        _current.Restore((open.CurrentStart + (int)((long)(currentPar?.Left ?? 0) + (currentPar?.Right ?? 0)), open.CurrentEnd));

        // Both failed: the right branch's error goes on (an outcome's ret code is the right's); :error: still shows
        // the left's, as the first error recorded (see RecordError).
        if (open.LeftError is not null && rightError is not null)
        {
            // Both failed branches count incomplete, whatever their errors left (verified: a stream fold swallowing
            // (par (fail …) <call whose result fails as it arrives>) is incomplete, the call alone is not).
            _complete = false;
            throw rightError;
        }
        if (open.LeftError is null || rightError is null)
            _lastErrorLocked = false;
        _complete = (open.LeftComplete && !open.LeftIdle) || rightComplete;
    }

    // ---------------------------------------------------------------- trace pairs

    // The trace holds ExecutedState: derived states are stored through a span (see ListAppend), also when replaced.
    private void AddState(ExecutedState state) => ListAppend.Add(_trace, state);

    private void SetState(int at, ExecutedState state) => CollectionsMarshal.AsSpan(_trace)[at] = state;

    // States are immutable: an input par whose branches kept their sizes (a call whose result arrived in place of its
    // request) is the new state as it is.
    private static bool SameSizes(ParState? par, int leftSize, int rightSize) =>
        par is not null && par.Left == (uint)leftSize && par.Right == (uint)rightSize;

    /// <summary>
    /// The next state of both input traces at this position, for <paramref name="instruction"/>, which expects a state of
    /// kind <paramref name="expected"/> (AquaVM's name for it); a state of another kind is a TraceError.
    /// </summary>
    private (T? Prev, int PrevPosition, T? Current, int CurrentPosition) Take<T>(AirInstruction instruction, string expected) where T : ExecutedState
    {
        var prev = _prev.Next(out var prevPosition);
        var current = _current.Next(out var currentPosition);
        if (prev is not null and not T || current is not null and not T)
        {
            // Both traces holding a state here, not both of the kind expected: AquaVM names the pair.
            throw prev is not null && current is not null
                ? TraceError(instruction, $"previous and current data have incompatible states: '{RustDebugText.State(prev)}' '{RustDebugText.State(current)}'")
                : prev is not null ? IncompatibleState(instruction, expected, prev, "previous") : IncompatibleState(instruction, expected, current!, "current");
        }
        return ((T?)prev, prevPosition, (T?)current, currentPosition);
    }

    private static AirExecutionException IncompatibleState(AirInstruction instruction, string expected, ExecutedState found, string side) =>
        TraceError(instruction, $"state from {side} `{RustDebugText.State(found)}` is incompatible with expected {expected}");

    private static AirExecutionException TraceError(string message) => AirExecutionException.Uncatchable(AquaErrorCodes.TraceError, message);

    // A TraceError of AquaVM's trace handler, which names the instruction it was handling.
    private static AirExecutionException TraceError(AirInstruction instruction, string message) =>
        TraceError($"on instruction '{InstructionText.Of(instruction)}' trace handler encountered an error: {message}");

    private void AddNextPeer(string peer)
    {
        if (_nextPeerSet.Add(peer))
            (_nextPeers ??= []).Add(peer);
    }

    // ---------------------------------------------------------------- stores

    private CidRef PutValue(string json) => _stores.Values.Put(AquaCid.OfJson(json), new RawValue(json));

    private CidRef PutTetraplet(SecurityTetraplet tetraplet)
    {
        var stored = new StoredTetraplet(tetraplet.PeerPk, tetraplet.ServiceId, tetraplet.FunctionName, tetraplet.Lens);
        return _stores.Tetraplets.Put(StoreCids.Of(stored), stored);
    }

    private CidRef PutServiceResult(ServiceResult result) => _stores.ServiceResults.Put(AquaCid.Of(result), result);

    private CidRef PutCanonElement(CanonElement element) => _stores.CanonElements.Put(AquaCid.Of(element), element);

    private CidRef PutCanonResult(CanonResultValue result) => _stores.CanonResults.Put(AquaCid.Of(result), result);

    /// <summary>
    /// A stored value, parsed once per invocation and shared by every use: values are never changed in place, and
    /// whatever inserts one into a container clones it.
    /// </summary>
    private JsonNode? StoredValue(CidRef cid)
    {
        if (_parsedValues.TryGetValue(cid, out var parsed))
            return parsed;
        if (cid.Target is not RawValue raw && !_stores.Values.TryGet(cid, out raw))
            throw AirExecutionException.Uncatchable(AquaErrorCodes.ValueForCidNotFound, $"value for CID {RustDebugText.String(cid.Value)} not found");
        parsed = AirJson.ParseStored(raw.Utf8, out var borrowed);
        if (borrowed)
            (_viewedValues ??= new(ReferenceEqualityComparer.Instance))[parsed!] = raw;
        _parsedValues[cid] = parsed;
        return parsed;
    }

    // Stored values whose node reads the value's bytes (a long string, see AirJson.ParseStored), by node.
    private Dictionary<JsonNode, RawValue>? _viewedValues;

    // A CID that names its store value (CidRef.Target: made here, or resolved when its data was decoded) needs no
    // lookup; the value under the same CID in the merged stores has the same content.
    private SecurityTetraplet StoredTetrapletOf(CidRef cid)
    {
        if (cid.Target is not StoredTetraplet t && !_stores.Tetraplets.TryGet(cid, out t))
            throw AirExecutionException.Uncatchable(AquaErrorCodes.ValueForCidNotFound, $"tetraplet for CID {RustDebugText.String(cid.Value)} not found");
        return t.Tetraplet;
    }

    private ServiceResult StoredServiceResult(CidRef cid) =>
        cid.Target is ServiceResult named ? named
        : _stores.ServiceResults.TryGet(cid, out var result) ? result
        : throw AirExecutionException.Uncatchable(AquaErrorCodes.ValueForCidNotFound, $"service result for CID {RustDebugText.String(cid.Value)} not found");
}

/// <summary>Signals that a variable an instruction needs is not set yet (AquaVM's joinable VariableNotFound).</summary>
internal sealed class JoinException(string name) : Exception($"variable '{name}' is not set yet")
{
    public string Name { get; } = name;
}
