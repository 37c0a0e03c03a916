using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

// call (aquavm.md §1.5, pair rules §3.6).
internal sealed partial class AirExecution
{
    // The tetraplet of the function whose result was applied last (a fold calls one function again and again), and
    // those of the functions before it: made only when an invocation applies results of a second function.
    private (string Service, string Function, CidRef Cid, StoredTetraplet Stored)? _lastResultTetraplet;
    private Dictionary<(string Service, string Function), (CidRef Cid, StoredTetraplet Stored)>? _resultTetraplets;
    // Made by the first result that is not a plain scalar.
    private StringBuilder? _valueText;
    // The CIDs of applied results' values and of their service results not hashed yet (the scratch's).
    private readonly CidBatch _valueCids;
    private readonly CidBatch _serviceResultCids;

    // Value texts up to this long are hashed in batches (most results are short: numbers, short strings, peer ids).
    private const int BatchedValueText = 256;
    // The state of every call this peer sends to another peer: one instance, as states are immutable.
    private CallState? _sentByMe;

    /// <summary>
    /// A call's scalar output may not name a running fold's iterator (verified: 20004; ap and canon are not checked so)
    /// nor, outside folds, a scalar already set (20007). Checked before the arguments, also for a remote call.
    /// </summary>
    private void CheckCallOutput(string name)
    {
        if (RunningFold(name) is not null)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.IterableShadowing,
                $"variable with name '{name}' can't be shadowed, shadowing isn't supported for iterables");
        if (_frameStarts.Count == 0 && _scalars.TryGetValue(name, out var slot) && slot.Top is { Value: not null })
            throw ShadowingNotAllowed(name);
    }

    private void ExecuteCall(CallInstruction call)
    {
        var peer = ResolveTripletPart(call.PeerId, "peer id");
        var service = ResolveTripletPart(call.ServiceId, "service id");
        var function = ResolveTripletPart(call.FunctionName, "function name");
        if (call.Output is ScalarVariable output)
            CheckCallOutput(output.Name);

        // Arguments are resolved before the trace is read, on every peer (a remote call's too, verified): a failing
        // argument consumes no state, and its error carries the call's triplet as tetraplet and the call's peer as
        // peer_id. A missing one only holds back a local call.
        List<JsonNode?>? arguments = null;
        List<IReadOnlyList<SecurityTetraplet>>? tetraplets = null;
        try
        {
            (arguments, tetraplets) = ResolveArguments(call.Arguments);
        }
        catch (JoinException)
        {
        }
        catch (AirValueException e)
        {
            throw new AirExecutionException(e.ErrorCode, e.Message, peerId: peer) { Tetraplet = new SecurityTetraplet(peer, service, function, "") };
        }
        catch (AirExecutionException e) when (e.IsCatchable)
        {
            throw new AirExecutionException(e.Code, e.Message, peerId: peer) { Tetraplet = new SecurityTetraplet(peer, service, function, "") };
        }

        var (prev, prevPosition, current, currentPosition) = Take<CallState>(call, "call");
        // States are read in place (CallState.IsExecuted/IsRequest) and the merged input state goes on as it is: states
        // are immutable.
        var (merged, fromPrev) = MergeCall(call, prev, current);
        var prevAt = prev is not null && prev.IsExecuted(out _, out _, out _) ? prevPosition : -1;
        var currentAt = current is not null && current.IsExecuted(out _, out _, out _) ? currentPosition : -1;

        if (merged is not null)
        {
            if (merged.IsExecuted(out var kind, out var cid, out var generation))
            {
                if (arguments is not null)
                    ReadUnreadArguments(arguments, tetraplets!);
                ReplayExecuted(call, kind, cid, generation, merged, arguments, peer, service, function,
                    fromPrev ? ValueGroup.Prev : ValueGroup.Current, prevAt, currentAt);
                return;
            }
            if (merged.IsRequest(out var sender, out var requestId))
            {
                if (requestId is { } id && sender.Value == _me)
                {
                    // A result answers one request: a second state with its id (only in altered data) stays a request,
                    // as AquaVM takes each result out of the call results when it applies it.
                    if (arguments is not null && _callResults.TryGetValue(id, out var result) && !_consumed.Contains(id))
                    {
                        _consumed.Add(id);
                        ReadUnreadArguments(arguments, tetraplets!);
                        ApplyResult(arguments, call.Output, result, peer, service, function);
                        return;
                    }
                    AddState(merged);
                    _complete = false;
                    return;
                }
                if (peer != _me)
                {
                    // Already sent from here or elsewhere; it is the other peer's turn.
                    AddState(merged);
                    _complete = false;
                    return;
                }
            }
            else if (merged.Result is Failed failed)
            {
                AddState(merged);
                // A replayed failure leaves the subgraph incomplete, as fail does (a result failing as it arrives
                // leaves completeness alone): a stream fold that swallows it does not let what follows run (verified;
                // campaign-structure/failed-call-swallowed-by-stream-fold-replayed).
                _complete = false;
                if (arguments is not null)
                    ReadUnreadArguments(arguments, tetraplets!);
                ReplayFailed(failed, arguments, peer, service, function);
                return;
            }
        }

        if (peer != _me)
        {
            AddState(_sentByMe ??= new CallState(new RequestSentBy(new Sender(_meRef, null))));
            AddNextPeer(peer);
            _complete = false;
            return;
        }

        if (arguments is null || tetraplets is null)
        {
            // Waiting for an argument keeps whatever state another peer left here.
            if (merged is not null)
                AddState(merged);
            throw new JoinException("call argument");
        }
        var callId = ++_lastCallId;
        var hostArguments = new JsonNode?[arguments.Count];
        for (var i = 0; i < arguments.Count; i++)
        {
            hostArguments[i] = ReferenceEquals(arguments[i], UnreadArgument)
                ? UnreadHostArgument((ScalarValue)tetraplets[i], hostArguments, i)
                : HostArgument(arguments[i], hostArguments, i);
        }
        _requests.Add(callId, new CallRequest(service, function, hostArguments, HostTetraplets(tetraplets)));
        AddState(new CallState(_meRef, callId));
        _complete = false;
    }

    // The host gets lists of its own, not the values that stand in as their own tetraplet lists.
    private static IReadOnlyList<IReadOnlyList<SecurityTetraplet>> HostTetraplets(List<IReadOnlyList<SecurityTetraplet>> tetraplets)
    {
        if (tetraplets is [ScalarValue only])
            return new OneArgumentTetraplets(only.Tetraplet);
        var lists = new IReadOnlyList<SecurityTetraplet>[tetraplets.Count];
        for (var i = 0; i < lists.Length; i++)
            lists[i] = tetraplets[i] is ScalarValue value ? value.TetrapletArray() : tetraplets[i];
        return lists;
    }

    // Hosts read arguments as parsed JSON (GetValue<long> on any integer), as they come from AquaVM's MessagePack, in
    // nodes of their own. A string or a boolean reads the same however its node is made: a new node over the same
    // string (or over the same UTF-8 of a long one), so a large string is not written out as JSON and parsed back; a
    // small integer is a new node over an element parsed once per process (see SmallIntegerElements). Anything else
    // is written into one JSON array for the whole invocation and parsed once when the script is done (see
    // FinishHostArguments): one document instead of one per argument.
    private JsonNode? HostArgument(JsonNode? value, JsonNode?[] arguments, int index)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonValue scalar when _viewedValues is not null && _viewedValues.TryGetValue(scalar, out var stored):
                // A view of the input's bytes, which the caller may reuse once the invocation returns: the request gets
                // a view of the same text in the output instead (see ViewArgumentsInOutput), until then this one.
                (_argumentsToView ??= []).Add((arguments, index, stored));
                return scalar;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                return scalar.TryGetValue<JsonElement>(out var utf8) ? JsonValue.Create(utf8) : JsonValue.Create(scalar.GetValue<string>());
            case JsonValue scalar when scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(scalar.GetValue<bool>());
            case JsonValue scalar when SmallIntegerElements.TryCreateNode(scalar, out var integer):
                return integer;
            default:
                var text = _hostArgumentText ??= new StringBuilder();
                text.Append(_pendingHostArguments++ == 0 ? '[' : ',');
                AirJson.Write(text, value);
                return PendingHostArgument;
        }
    }

    // A stored text passed on unread (see ResolveArguments): the request shows a view of it in the output, and until
    // then UnreadArgument (nothing reads a request before the invocation returns).
    private JsonNode? UnreadHostArgument(ScalarValue value, JsonNode?[] arguments, int index)
    {
        if (value.UnreadStoredText is not { } text)
            return HostArgument(value.Value, arguments, index);
        (_argumentsToView ??= []).Add((arguments, index, text));
        return UnreadArgument;
    }

    // Host arguments that show stored values' text (long strings in the input's bytes), by request slot.
    private List<(JsonNode?[] Arguments, int Index, RawValue Value)>? _argumentsToView;

    /// <summary>The stored values whose text host arguments show (what <see cref="ViewArgumentsInOutput"/> needs located).</summary>
    public RawValue[] ValuesToLocate()
    {
        if (_argumentsToView is null)
            return [];
        var values = new RawValue[_argumentsToView.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = _argumentsToView[i].Value;
        return values;
    }

    /// <summary>
    /// Gives every host argument that shows a stored value's bytes a view of the same text in <paramref name="output"/>
    /// (the encoded data, which the caller keeps): the value at <see cref="ValuesToLocate"/>[i] starts at
    /// <paramref name="textOffsets"/>[i], or is copied when it is not there (-1).
    /// </summary>
    public void ViewArgumentsInOutput(ReadOnlyMemory<byte> output, ReadOnlySpan<int> textOffsets)
    {
        if (_argumentsToView is null)
            return;
        for (var i = 0; i < _argumentsToView.Count; i++)
        {
            var (arguments, index, value) = _argumentsToView[i];
            var length = value.Utf8.Length;
            // A view of the text where the output holds it; else a node with a copy of it (read from the input, the
            // caller's until this returns).
            arguments[index] = textOffsets[i] >= 0 && AirJson.TryViewString(output.Slice(textOffsets[i], length), out var view) ? view : AirJson.Parse(value.Utf8);
        }
    }

    // Made by the first argument that needs it.
    private StringBuilder? _hostArgumentText;
    private int _pendingHostArguments;

    // Holds a request's argument slot until FinishHostArguments puts the parsed argument there (never seen outside).
    private static readonly JsonValue PendingHostArgument = JsonValue.Create(0);

    /// <summary>
    /// Parses the pending host arguments (one JSON array) and puts each into its slot: slots were left pending in
    /// request order, then argument order, which is the order of the array.
    /// </summary>
    private void FinishHostArguments()
    {
        if (_pendingHostArguments == 0 || _hostArgumentText is null)
            return;
        // One level deeper than any value: the array holding them all.
        var all = AirJson.ParseElement(_hostArgumentText.Append(']'), AirJson.MaxDepth + 1);
        var elements = all.EnumerateArray();
        foreach (var request in _requests.Values)
        {
            var arguments = (JsonNode?[])request.Arguments;
            for (var i = 0; i < arguments.Length; i++)
            {
                if (!ReferenceEquals(arguments[i], PendingHostArgument))
                    continue;
                elements.MoveNext();
                var element = elements.Current;
                // The nodes JsonNode.Parse makes of each kind (null never gets here).
                arguments[i] = element.ValueKind switch
                {
                    JsonValueKind.Object => JsonObject.Create(element),
                    JsonValueKind.Array => JsonArray.Create(element),
                    _ => JsonValue.Create(element),
                };
            }
        }
    }

    // What a call state says, for merging (read in place: no result objects made).
    private enum CallStateKind
    {
        Request,
        Executed,
        Failed,
        Other,
    }

    private static CallStateKind KindOf(CallState state) =>
        state.IsRequest(out _, out _) ? CallStateKind.Request
        : state.IsExecuted(out _, out _, out _) ? CallStateKind.Executed
        : state.IsFailed ? CallStateKind.Failed
        : CallStateKind.Other;

    private static (CallState? Merged, bool FromPrev) MergeCall(AirInstruction call, CallState? prev, CallState? current)
    {
        if (prev is null)
            return (current, false);
        if (current is null)
            return (prev, true);
        switch (KindOf(prev), KindOf(current))
        {
            case (CallStateKind.Failed, CallStateKind.Failed):
                return ((Failed)prev.Result).ServiceResultCid.SameAs(((Failed)current.Result).ServiceResultCid) ? (prev, true) : throw TraceError("failed calls are not equal");
            case (CallStateKind.Request, CallStateKind.Failed):
            case (CallStateKind.Request, CallStateKind.Executed):
                return (current, false);
            case (CallStateKind.Failed, CallStateKind.Request):
            case (CallStateKind.Executed, CallStateKind.Request):
            case (CallStateKind.Request, CallStateKind.Request):
                return (prev, true);
            case (CallStateKind.Executed, CallStateKind.Executed):
                prev.IsExecuted(out var prevKind, out var prevCid, out _);
                current.IsExecuted(out var currentKind, out var currentCid, out _);
                if (prevKind != currentKind || !prevCid.SameAs(currentCid))
                    throw TraceError(call, $"values in call results are not equal: " +
                        $"{RustDebugText.ValueRef(((Executed)prev.Result).Value)} != {RustDebugText.ValueRef(((Executed)current.Result).Value)}");
                return (prev, true);
            default:
                throw TraceError("incompatible call results in prev and current data");
        }
    }

    private (List<JsonNode?> Values, List<IReadOnlyList<SecurityTetraplet>> Tetraplets) ResolveArguments(IReadOnlyList<AirValue> arguments)
    {
        // Two lists reused by every call of the invocation: a call's arguments live only while it executes (a request
        // copies its tetraplets), and calls do not nest.
        var values = _argumentValues;
        var tetraplets = _argumentTetraplets;
        values.Clear();
        tetraplets.Clear();
        for (var i = 0; i < arguments.Count; i++)
        {
            // A variable whose stored text nothing has read (see PendingStoredValue) is passed on unread: its slot holds
            // UnreadArgument, and its tetraplet list (the value itself) says which value it is.
            if (arguments[i] is ScalarVariable { Lambda: null } variable)
            {
                var scalar = GetScalar(variable.Name);
                ListAppend.Add(values, scalar.UnreadStoredText is null ? scalar.Value : UnreadArgument);
                ListAppend.Add(tetraplets, scalar.TetrapletList);
                continue;
            }
            var resolved = Resolve(arguments[i]);
            // Values are never changed in place (whatever inserts one into a container clones it), so no copy here.
            ListAppend.Add(values, resolved.Value);
            ListAppend.Add(tetraplets, resolved.Tetraplets);
        }
        return (values, tetraplets);
    }

    // Holds the slot of an argument passed on unread, in the call's arguments and in a request's until the invocation ends.
    private static readonly JsonValue UnreadArgument = JsonValue.Create(0);

    /// <summary>Reads the arguments passed on unread (hashing them, for a result or a replayed call, needs their nodes).</summary>
    private void ReadUnreadArguments(List<JsonNode?> values, List<IReadOnlyList<SecurityTetraplet>> tetraplets)
    {
        var items = CollectionsMarshal.AsSpan(values);
        for (var i = 0; i < items.Length; i++)
        {
            if (ReferenceEquals(items[i], UnreadArgument))
                items[i] = ((ScalarValue)tetraplets[i]).Value;
        }
    }

    /// <summary>A stored value as the node every use shares (for <see cref="PendingStoredValue"/>).</summary>
    internal JsonNode? ReadStoredValue(CidRef cid) => StoredValue(cid);

    // A replayed result's value that is a long plain string not read yet in this invocation, kept unread until used.
    private PendingStoredValue? PendingPlainString(CidRef cid)
    {
        if (_parsedValues.ContainsKey(cid) || (cid.Target is not RawValue raw && !_stores.Values.TryGet(cid, out raw)))
            return null;
        return raw.IsPlainString ? new PendingStoredValue(this, cid, raw) : null;
    }

    // The stack buffers are written before they are read (only their written part is): not zeroed first, per result.
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private void ApplyResult(List<JsonNode?> arguments, AirVariable? output, CallServiceResult result, string peer, string service, string function)
    {
        // The argument hash as its digest (a new service result holds it so, see ServiceResult), or while it is not made
        // yet its short text, hashed with the service result's batch (argumentText.Length >= 0; Argument makes it now).
        Span<byte> argumentHash = stackalloc byte[AquaCid.DigestLength];
        Span<byte> argumentBuffer = stackalloc byte[CidBatch.ArgumentTextBytes];
        var argumentLength = _argumentHasher.WriteTextOrDigest(arguments, argumentBuffer, argumentHash);
        var argument = new AppliedArgumentHash(argumentHash, argumentLength < 0 ? default : argumentBuffer[..argumentLength], argumentLength >= 0);
        if (result.RetCode != 0)
        {
            RecordFailure(result.RetCode, WellFormedText.Replaced(result.Result) ?? result.Result, CidRef.OfDigest(argument.Digest()), new SecurityTetraplet(peer, service, function, ""));
            return;
        }
        Span<byte> scalarText = stackalloc byte[ScalarJsonText.BufferBytes];
        if (ScalarJsonText.TryWrite(result.Result, scalarText, out var scalarLength))
        {
            ApplyScalarResult(scalarText[..scalarLength], argument, output, peer, service, function);
            return;
        }
        JsonNode? value;
        byte[]? serdeText;
        try
        {
            value = AirJson.Parse(result.Result, out serdeText);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // Not well-formed UTF-16 (System.Text.Json refuses it with ArgumentException): read as AquaVM gets it.
            if (WellFormedText.Replaced(result.Result) is { } replaced)
            {
                ApplyResult(arguments, output, result with { Result = replaced }, peer, service, function);
                return;
            }
            // AquaVM records serde_json's own error text, and the failure's CID hashes it.
            var error = SerdeJsonSyntax.Error(result.Result) ?? e.Message;
            RecordFailure(AquaErrorCodes.InvalidResultRetCode,
                $"call_service result 'ret_code: 0, result: '{result.Result}'' can't be serialized or deserialized with an error: {error}", CidRef.OfDigest(argument.Digest()),
                new SecurityTetraplet(peer, service, function, ""), signed: false);
            return;
        }
        // The value's serde_json text straight to UTF-8: hashed, then stored as those bytes (no UTF-16 copy kept).
        var valueText = serdeText ?? SerializeUtf8(value);
        if (output is null)
        {
            // An unused result is only referenced by its CID; nothing is stored.
            AddState(new CallState(ValueKind.Unused, AquaCid.RefOfJsonBytes(valueText)));
            return;
        }
        var resultCid = StoreServiceResult(ValueCid(valueText), new RawValue(valueText), argument, peer, service, function, out var tetraplet);
        Store(output, new ScalarValue(value, tetraplet, new Provenance(ProvenanceKind.ServiceResult, resultCid)), resultCid, ValueGroup.New, 0, -1, -1);
    }

    /// <summary>
    /// <see cref="ApplyResult"/> for a result whose text is its serde_json text (see <see cref="ScalarJsonText"/>):
    /// hashed and stored as those bytes, its tree made only if the script reads the value.
    /// </summary>
    private void ApplyScalarResult(ReadOnlySpan<byte> valueText, AppliedArgumentHash argumentHash, AirVariable? output, string peer, string service, string function)
    {
        if (output is null)
        {
            AddState(new CallState(ValueKind.Unused, AquaCid.RefOfJsonBytes(valueText)));
            return;
        }
        var raw = new RawValue(KeepValueText(valueText));
        var resultCid = StoreServiceResult(ValueCid(valueText), raw, argumentHash, peer, service, function, out var tetraplet);
        Store(output, new ScalarValue(raw, tetraplet, resultCid), resultCid, ValueGroup.New, 0, -1, -1);
    }

    /// <summary>
    /// Stores an applied result's value, its tetraplet and the service result joining them with the argument hash;
    /// the service result's CID (the value's provenance) and the tetraplet the value carries.
    /// </summary>
    private CidRef StoreServiceResult(CidRef valueRef, RawValue value, AppliedArgumentHash argumentHash, string peer, string service, string function, out SecurityTetraplet tetraplet)
    {
        var valueCid = valueRef.IsPending ? _stores.Values.PutPending(valueRef, value) : _stores.Values.Put(valueRef, value);
        var (tetrapletCid, stored, shared) = PutResultTetraplet(peer, service, function);
        tetraplet = stored.Tetraplet;
        // Hashed eight at a time, with the argument hash when that is not made yet: the CID stays pending (as does its
        // store entry) until its batch is full or it is read.
        var batch = _serviceResultCids;
        CidRef cid;
        ServiceResult serviceResult;
        if (argumentHash.IsText)
        {
            serviceResult = new ServiceResult(valueCid, batch, tetrapletCid) { HoldsOwnTetrapletCid = shared };
            cid = batch.Add(serviceResult, argumentHash.Text);
        }
        else
        {
            serviceResult = new ServiceResult(valueCid, argumentHash.Digest(), tetrapletCid) { HoldsOwnTetrapletCid = shared };
            cid = StoreCids.Of(serviceResult, batch);
        }
        return cid.IsPending ? _stores.ServiceResults.PutPending(cid, serviceResult) : _stores.ServiceResults.Put(cid, serviceResult);
    }

    // A stored value's CID, hashed with others of the invocation's (pending until its batch runs).
    private CidRef ValueCid(ReadOnlySpan<byte> valueText) => _valueCids.Add(valueText);

    // Small stored texts share chunks (one array for many results instead of one each); chunks grow with use, and the
    // first is sized for the invocation's results (about eight bytes each), so an invocation with one result allocates little.
    private const int MinFirstValueChunk = 32;
    private const int MaxFirstValueChunk = 256;
    private const int MaxValueChunk = 16 * 1024;
    private byte[]? _valueChunk;
    private int _valueChunkUsed;

    /// <summary>A copy of <paramref name="utf8"/> that lives as long as the stores (a slice of the current chunk).</summary>
    private ReadOnlyMemory<byte> KeepValueText(ReadOnlySpan<byte> utf8)
    {
        if (_valueChunk is null || _valueChunk.Length - _valueChunkUsed < utf8.Length)
        {
            var size = _valueChunk is null ? Math.Clamp(8 * _callResults.Count, MinFirstValueChunk, MaxFirstValueChunk) : Math.Min(_valueChunk.Length * 2, MaxValueChunk);
            _valueChunk = new byte[Math.Max(size, utf8.Length)];
            _valueChunkUsed = 0;
        }
        var at = _valueChunkUsed;
        utf8.CopyTo(_valueChunk.AsSpan(at));
        _valueChunkUsed += utf8.Length;
        return _valueChunk.AsMemory(at, utf8.Length);
    }

    /// <summary>The compact serde_json text of <paramref name="value"/> as UTF-8, written with the invocation's one builder.</summary>
    private byte[] SerializeUtf8(JsonNode? value)
    {
        var text = (_valueText ??= new StringBuilder()).Clear();
        AirJson.Write(text, value);
        return AirJson.Utf8Of(text);
    }

    /// <summary>
    /// Stores the tetraplet of a result of this peer's call to <paramref name="service"/>.<paramref name="function"/>.
    /// Its CID is hashed once per invocation (a fold calling one function gets the same tetraplet for every result);
    /// each of AquaVM's results holds its own CID, so every use after the first is <c>Shared</c>: the
    /// result marks it (<see cref="ServiceResult.HoldsOwnTetrapletCid"/>) and the archive gets its text again.
    /// </summary>
    private (CidRef Cid, StoredTetraplet Stored, bool Shared) PutResultTetraplet(string peer, string service, string function)
    {
        // A result applied to another peer's call (only in altered data: a request id this peer handed its host, in the
        // state of a call to another peer) carries that call's peer, as AquaVM's does.
        if (!string.Equals(peer, _me, StringComparison.Ordinal))
        {
            var other = new StoredTetraplet(peer, service, function, "");
            var put = _stores.Tetraplets.Put(StoreCids.Of(other), other);
            return (put, (StoredTetraplet)put.Target!, false);
        }
        // Once stored, the tetraplet stays in the store for the rest of the invocation: later uses only share it.
        if (_lastResultTetraplet is { } last)
        {
            if (ReferenceEquals(last.Service, service) && ReferenceEquals(last.Function, function))
                return (last.Cid, last.Stored, true);
            var earlier = _resultTetraplets ??= [];
            earlier.TryAdd((last.Service, last.Function), (last.Cid, last.Stored));
            if (earlier.TryGetValue((service, function), out var known))
            {
                _lastResultTetraplet = (service, function, known.Cid, known.Stored);
                return (known.Cid, known.Stored, true);
            }
        }
        var tetraplet = new StoredTetraplet(_me, service, function, "");
        var reference = _stores.Tetraplets.Put(StoreCids.Of(tetraplet), tetraplet);
        // The store's own instance when it had the tetraplet already (from the input data).
        var stored = (StoredTetraplet)reference.Target!;
        _lastResultTetraplet = (service, function, reference, stored);
        return (reference, stored, false);
    }

    /// <param name="replayed">The replayed state, reused as the new one when it already says what is written.</param>
    private void Store(AirVariable output, ScalarValue value, CidRef resultCid, ValueGroup group, uint generation, int prevAt, int currentAt,
        CallState? replayed = null)
    {
        if (output is ScalarVariable scalar)
        {
            AddState(replayed is not null && replayed.IsExecuted(out var kind, out _, out _) && kind == ValueKind.Scalar ? replayed : new CallState(ValueKind.Scalar, resultCid));
            SetScalar(scalar.Name, value);
            return;
        }
        var stream = StreamFor(output.Name);
        var position = _trace.Count;
        AddState(replayed is not null && replayed.IsExecuted(out var replayedKind, out _, out var replayedGeneration) &&
            replayedKind == ValueKind.Stream && replayedGeneration == generation ? replayed : new CallState(ValueKind.Stream, resultCid, generation));
        stream.Add(new StreamItem(value, group, group == ValueGroup.New ? stream.NewGeneration : generation, position, prevAt, currentAt));
    }

    /// <param name="signed">
    /// False for a result that is not JSON: AquaVM leaves that failure out of the CIDs its peer signs in the invocation
    /// that records it (replays sign it again; verified by re-checking AquaVM's signatures).
    /// </param>
    private void RecordFailure(int retCode, string message, CidRef argumentHash, SecurityTetraplet tetraplet, bool signed = true)
    {
        var failure = new JsonObject { ["message"] = message, ["ret_code"] = retCode };
        var valueCid = PutValue(AirJson.Serialize(failure));
        var tetrapletCid = PutTetraplet(tetraplet);
        var resultCid = PutServiceResult(new ServiceResult(valueCid, argumentHash, tetrapletCid));
        if (!signed)
            _unsignedCids.Add(resultCid.Value);
        AddState(new CallState(new Failed(resultCid)));
        throw LocalServiceError(retCode, message, tetraplet);
    }

    private static AirExecutionException LocalServiceError(long retCode, string message, SecurityTetraplet tetraplet) =>
        new(AquaErrorCodes.LocalServiceError,
            string.Create(CultureInfo.InvariantCulture, $"Local service error, ret_code is {retCode}, error message is '{message}'"),
            peerId: tetraplet.PeerPk)
        {
            Tetraplet = tetraplet with { Lens = "" },
        };

    private void ReplayFailed(Failed failed, List<JsonNode?>? arguments, string peer, string service, string function)
    {
        var result = StoredServiceResult(failed.ServiceResultCid);
        // A failure is checked as an executed result is (verified: a failed call whose arguments or service differ
        // where it is replayed is 20017, also on another peer than the one that ran it).
        var tetraplet = StoredTetrapletOf(result.TetrapletCid);
        CheckReplayedCall(result, tetraplet, arguments, peer, service, function);
        var (retCode, message) = RecordedFailure.Read(StoredValue(result.ValueCid));
        throw LocalServiceError(retCode, message, tetraplet);
    }

    private void CheckReplayedCall(ServiceResult result, SecurityTetraplet tetraplet, List<JsonNode?>? arguments, string peer, string service, string function)
    {
        // AquaVM's messages, with its trailing space. The whole stored tetraplet is compared, its lens with none.
        if (tetraplet.PeerPk != peer || tetraplet.ServiceId != service || tetraplet.FunctionName != function || tetraplet.Lens.Length != 0)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.InstructionParametersMismatch,
                $"call tetraplet doesn't match expected parameters: expected {RustDebugText.Tetraplet(peer, service, function)}, got {RustDebugText.Tetraplet(tetraplet.PeerPk, tetraplet.ServiceId, tetraplet.FunctionName, tetraplet.Lens)} ");
        // Where its arguments can be resolved, they must still hash to what was stored.
        if (arguments is not null && !_argumentHasher.Matches(arguments, result))
            throw AirExecutionException.Uncatchable(AquaErrorCodes.InstructionParametersMismatch,
                $"call argument_hash doesn't match expected parameters: expected {_argumentHasher.Of(arguments).Value}, got {result.ArgumentHash.Value} ");
    }

    /// <param name="state">The input state saying <paramref name="kind"/>, <paramref name="cid"/> and <paramref name="generation"/>; states are immutable, so the new trace reuses it.</param>
    private void ReplayExecuted(CallInstruction call, ValueKind kind, CidRef cid, uint generation, CallState state, List<JsonNode?>? arguments,
        string peer, string service, string function, ValueGroup group, int prevAt, int currentAt)
    {
        // The recorded kind must be the one this call's output gives (a state rewritten by another peer is refused).
        var expected = call.Output switch
        {
            null => ValueKind.Unused,
            ScalarVariable => ValueKind.Scalar,
            _ => ValueKind.Stream,
        };
        if (kind != expected)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.CallResultNotMatchInstruction,
                $"call result value {ValueRefText(kind, cid, generation)} doesn't match with corresponding instruction");
        if (kind == ValueKind.Unused)
        {
            AddState(state);
            return;
        }
        var result = StoredServiceResult(cid);
        var tetraplet = StoredTetrapletOf(result.TetrapletCid);
        CheckReplayedCall(result, tetraplet, arguments, peer, service, function);
        var provenance = new Provenance(ProvenanceKind.ServiceResult, cid);
        var scalar = PendingPlainString(result.ValueCid) is { } pending
            ? new ScalarValue(pending, tetraplet, provenance)
            : new ScalarValue(StoredValue(result.ValueCid), tetraplet, provenance);
        if (call.Output is null)
        {
            AddState(state);
            return;
        }
        Store(call.Output, scalar, cid, group, generation, prevAt, currentAt, state);
    }

    // A ValueRef as AquaVM's Debug shows it in error messages.
    private static string ValueRefText(ValueKind kind, CidRef cid, uint generation) => kind switch
    {
        ValueKind.Stream => string.Create(CultureInfo.InvariantCulture, $"Stream {{ cid: CID(\"{cid.Value}\"), generation: {generation} }}"),
        _ => $"{kind}(CID(\"{cid.Value}\"))",
    };
}
