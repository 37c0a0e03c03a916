using System.Diagnostics;
using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

// ap, canon, match/mismatch, fail (aquavm.md §1.5).
internal sealed partial class AirExecution
{
    private enum CanonTarget
    {
        Stream,
        Map,
        Scalar,
    }

    private void ExecuteAp(ApInstruction ap)
    {
        var value = ResolveScalar(ap.Argument);
        if (ap.Result is ScalarVariable scalar)
        {
            SetScalar(scalar.Name, value);
            return;
        }
        AppendByAp(ap, value);
    }

    /// <summary>Whether a value may key a stream map or look one up: a string or an integer (any i64 or u64).</summary>
    private static bool IsMapKey(JsonNode? key) =>
        key is JsonValue k && (k.TryGetValue<string>(out _) || k.TryGetValue<long>(out _) || k.TryGetValue<ulong>(out _));

    private void ExecuteApMap(ApMapInstruction ap)
    {
        // The value is resolved before the key (verified: a value and a key that both fail raise the value's error).
        var value = ResolveScalar(ap.Value);
        // AquaVM reads the trace between the value and the key, so it resolves and checks the key after (verified: a
        // key that fails, to resolve or as a type, caught by xor writes no state, and the next pass meets the
        // handler's state where the ap looks for its own: TraceError 20000; a failing value takes no state).
        var states = Take<ApState>(ap, "ap");
        var key = Resolve(ap.Key).Value;
        if (!IsMapKey(key))
            throw new AirExecutionException(AquaErrorCodes.StreamMapError,
                $"unsupported type for {ap.Map.Name} map's key");
        var entry = new JsonObject { ["key"] = key!.DeepClone(), ["value"] = value.Value?.DeepClone() };
        Append(ap, ap.Map.Name, new ScalarValue(entry, value.Tetraplet, value.Provenance), states);
    }

    private void AppendByAp(ApInstruction ap, ScalarValue value) => Append(ap, ap.Result.Name, value, Take<ApState>(ap, "ap"));

    private void Append(AirInstruction ap, string streamName, ScalarValue value, (ApState? Prev, int PrevPosition, ApState? Current, int CurrentPosition) states)
    {
        var (prev, prevPosition, current, currentPosition) = states;
        var stream = StreamFor(streamName);
        var position = _trace.Count;
        _trace.Add(ApStates.Of(0));
        StreamItem item;
        if (prev is not null)
            item = new StreamItem(value, ValueGroup.Prev, Generation(prev, ap), position, prevPosition, current is null ? -1 : currentPosition);
        else if (current is not null)
            item = new StreamItem(value, ValueGroup.Current, Generation(current, ap), position, -1, currentPosition);
        else
            item = new StreamItem(value, ValueGroup.New, stream.NewGeneration, position, -1, -1);
        stream.Add(item);
    }

    private static uint Generation(ApState state, AirInstruction ap) =>
        state.Generations.Count == 1 ? state.Generations[0]
        : throw TraceError(ap, $"{RustDebugText.ApResult(state)} ap result contains inappropriate generation count in destination");

    private void ExecuteCanon(AirInstruction instruction, AirValue peerValue, string sourceName, string targetName, CanonTarget target)
    {
        // AquaVM reads the trace before it resolves the peer (verified: a canon whose peer fails, caught by xor, writes
        // no state, and the next pass meets the handler's state where the canon looks for its own: TraceError 20000).
        var (prev, _, current, _) = Take<CanonState>(instruction, "canon");
        var peer = ResolveTripletPart(peerValue, "peer id");
        CanonResult? merged = (prev?.Result, current?.Result) switch
        {
            (CanonExecuted p, CanonExecuted c) => p.Cid.SameAs(c.Cid) ? p : throw TraceError($"canon results are not equal: {p.Cid.Value} and {c.Cid.Value}"),
            (CanonExecuted p, _) => p,
            (_, CanonExecuted c) => c,
            (CanonRequestSentBy p, _) => p,
            (_, CanonRequestSentBy c) => c,
            _ => null,
        };

        if (merged is CanonExecuted executed)
        {
            _trace.Add(new CanonState(executed));
            var canon = RebuildCanon(executed.Cid, peer);
            if (target == CanonTarget.Map)
                ThrowIfNotKeyValuePairs(canon);
            BindCanon(targetName, target, canon);
            return;
        }
        if (peer != _me)
        {
            _trace.Add(new CanonState(merged ?? new CanonRequestSentBy(_meRef)));
            if (merged is null)
                AddNextPeer(peer);
            _complete = false;
            return;
        }

        var stream = FindStream(sourceName);
        var tetraplet = new SecurityTetraplet(_me, "", "", "");
        var tetrapletCid = PutTetraplet(tetraplet);
        var items = new List<ScalarValue>();
        if (target == CanonTarget.Scalar)
        {
            // The map as an object, the first value of each key.
            var obj = new JsonObject();
            if (stream is not null)
            {
                foreach (var item in stream.Items)
                {
                    var key = CanonValue.MapKeyText(item.Value.Value!["key"]);
                    if (!obj.ContainsKey(key))
                        obj[key] = item.Value.Value!["value"]?.DeepClone();
                }
            }
            items.Add(new ScalarValue(obj, tetraplet, Provenance.Literal));
        }
        else if (stream is not null)
        {
            foreach (var item in stream.Items)
                items.Add(item.Value);
        }
        var elements = new List<CidRef>(items.Count);
        foreach (var item in items)
        {
            var valueCid = PutValue(AirJson.Serialize(item.Value));
            elements.Add(PutCanonElement(new CanonElement(valueCid, PutTetraplet(item.Tetraplet), item.Provenance)));
        }
        var resultCid = PutCanonResult(new CanonResultValue(tetrapletCid, elements));
        _trace.Add(new CanonState(new CanonExecuted(resultCid)));
        BindCanon(targetName, target, new CanonValue(items, tetraplet, resultCid));
    }

    /// <summary>
    /// A replayed canon map whose elements are not all objects with a string or integer key and a value is
    /// uncatchable 20014, as AquaVM fails on it (only in data whose stores were altered: found by swapping prev_data's
    /// values, where native read a key out of a non-object and threw).
    /// </summary>
    private static void ThrowIfNotKeyValuePairs(CanonValue canon)
    {
        foreach (var item in canon.Items)
        {
            if (item.Value is JsonObject pair && pair.TryGetPropertyValue("key", out var key) && IsMapKey(key))
            {
                if (pair.ContainsKey("value"))
                    continue;
                // AquaVM takes the key first: a pair with a key it can use and no value is named so.
                throw AirExecutionException.Uncatchable(AquaErrorCodes.MapKey, "there must be a \"value\" field in kvpair object");
            }
            throw AirExecutionException.Uncatchable(AquaErrorCodes.MapKey, "unsupported kvpair object or map key type");
        }
    }

    private CanonValue RebuildCanon(CidRef cid, string peer)
    {
        if (!_stores.CanonResults.TryGet(cid, out var result))
            throw AirExecutionException.Uncatchable(AquaErrorCodes.ValueForCidNotFound, $"canon result for CID {RustDebugText.String(cid.Value)} not found");
        var tetraplet = StoredTetrapletOf(result.Tetraplet);
        // AquaVM compares the whole stored tetraplet with the canon's: its peer, and no service, function or lens.
        if (tetraplet.PeerPk != peer || tetraplet.ServiceId.Length != 0 || tetraplet.FunctionName.Length != 0 || tetraplet.Lens.Length != 0)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.InstructionParametersMismatch,
                $"canon tetraplet doesn't match expected parameters: expected {RustDebugText.Tetraplet(peer, "", "")}, got {RustDebugText.Tetraplet(tetraplet.PeerPk, tetraplet.ServiceId, tetraplet.FunctionName, tetraplet.Lens)} ");
        var items = new List<ScalarValue>(result.Values.Count);
        foreach (var elementCid in result.Values)
        {
            if (!_stores.CanonElements.TryGet(elementCid, out var element))
                throw AirExecutionException.Uncatchable(AquaErrorCodes.ValueForCidNotFound, $"canon aggregate for CID {RustDebugText.String(elementCid.Value)} not found");
            items.Add(new ScalarValue(StoredValue(element.Value), StoredTetrapletOf(element.Tetraplet), element.Provenance));
        }
        return new CanonValue(items, tetraplet, cid);
    }

    private void BindCanon(string name, CanonTarget target, CanonValue canon)
    {
        if (target == CanonTarget.Scalar)
        {
            // A canon made here holds the map's object; one replayed whose stored result has no element (only in
            // altered data: a count byte flipped) has nothing to make the scalar from, uncatchable in AquaVM.
            if (canon.Items.Count == 0)
                throw AirExecutionException.Uncatchable(AquaErrorCodes.CanonScalarWithoutValue, "can not find JValue to produce scalar from");
            var value = canon.Items[0].Value;
            SetScalar(name, new ScalarValue(value, canon.Tetraplet, new Provenance(ProvenanceKind.Canon, canon.Cid)));
            return;
        }
        SetCanon(name, canon);
    }

    /// <summary>
    /// Compares match's (or mismatch's) operands and returns the body to run: nothing of the instruction runs after its
    /// body, so it leaves no work-stack entry and no frame (a fold whose next is in a match body runs at constant depth).
    /// </summary>
    private AirInstruction? StartMatch(AirValue left, AirValue right, AirInstruction body, bool equal, AirInstruction instruction)
    {
        _complete = true;
        JsonNode? x, y;
        string a, b;
        try
        {
            x = Resolve(left).Value;
            y = Resolve(right).Value;
            a = AirJson.Serialize(x);
            b = AirJson.Serialize(y);
        }
        catch (AirValueException e)
        {
            throw new AirExecutionException(e.ErrorCode, e.Message);
        }
        catch (JoinException)
        {
            // An operand not set yet: the match waits (see Joinable).
            _complete = false;
            return null;
        }
        // Equal texts are equal values; unequal texts are unequal values unless a negative zero meets a zero.
        var same = a == b || (SerdeJsonEquality.MayEqualDespiteText(a, b) && SerdeJsonEquality.Equal(x, y));
        if (same != equal)
        {
            throw equal
                ? new AirExecutionException(AquaErrorCodes.MatchValuesNotEqual, "compared values do not match", instruction: InstructionText.Of(instruction))
                : new AirExecutionException(AquaErrorCodes.MismatchValuesEqual, "compared values do not mismatch", instruction: InstructionText.Of(instruction));
        }
        return body;
    }

    private void ExecuteFail(FailInstruction fail)
    {
        var instruction = InstructionText.Of(fail);
        switch (fail.Value)
        {
            case null:
                throw UserError(new JsonObject
                {
                    ["error_code"] = fail.Code!.Value, ["instruction"] = instruction, ["message"] = fail.Message, ["peer_id"] = _init,
                }, instruction);
            case LastErrorValue:
                throw UserError(CheckedErrorObject(LastError, instruction), instruction, _lastErrorTetraplet);
            case ErrorValue when _error is null:
                CheckedErrorObject(InitialError(), instruction);
                throw new UnreachableException("the initial :error: has error code 0");
            case ErrorValue when _caughtByXor is null || !ReferenceEquals(_error, _errorAtCatch):
                // Outside an xor's right side, or an error was recorded there since: a user error with :error:'s object,
                // as fail with a scalar (verified: the outcome is 10006 with the object in its text).
                throw UserError(CheckedErrorObject(_error.ErrorObject(), instruction), instruction, _error.Tetraplet);
            case ErrorValue:
                // The error the enclosing xor caught is re-thrown, even where :error: shows an earlier one (a par's left
                // branch): it keeps its code and message; %last_error% becomes the :error: object as it stands, even
                // for match/mismatch errors (verified against AquaVM).
                var caught = _caughtByXor;
                _complete = false;
                throw new AirExecutionException(caught.Code, caught.Message, AirErrorKind.Catchable, caught.Instruction, caught.PeerId)
                {
                    UserObject = _error.ErrorObject(),
                    UserTetraplet = _error.Tetraplet,
                    Tetraplet = caught.Tetraplet,
                    Rethrown = true,
                };
            default:
                // The scalar's object becomes %last_error% unchanged (no instruction or peer id added), with the
                // scalar's tetraplet (lens included); :error: keeps the literal one (verified).
                // A scalar not set yet is an error here, not a join (verified: a par whose left branch failed to set
                // it fails as a whole, an xor catches it at once).
                Resolved resolved;
                try
                {
                    resolved = Resolve(fail.Value);
                }
                catch (JoinException e)
                {
                    throw new AirExecutionException(AquaErrorCodes.VariableNotFound, $"variable with name '{e.Name}' wasn't defined during script execution", instruction: instruction);
                }
                throw UserError(CheckedErrorObject(resolved.Value, instruction), instruction, resolved.Tetraplets[0]);
        }
    }

    /// <summary>
    /// An object fit for fail, else catchable 10008 with AquaVM's text, checked in AquaVM's order: an object, with
    /// <c>error_code</c>, an integer, with <c>message</c>, a string, and a non-zero code (other fields allowed).
    /// </summary>
    private static JsonObject CheckedErrorObject(JsonNode? value, string instruction)
    {
        var text = AirJson.Serialize(value);
        if (value is not JsonObject obj)
            throw InvalidErrorObject($"scalar should have an object type to be converted into error object, but '{text}' doesn't have", instruction);
        if (!obj.TryGetPropertyValue("error_code", out var code))
            throw InvalidErrorObject($"scalar '{text}' must have field with name 'error_code'", instruction);
        if (code is not JsonValue codeValue || !TryInteger(codeValue, out var errorCode))
            throw InvalidErrorObject($"error_code of scalar '{text}' must have integer type", instruction);
        if (!obj.TryGetPropertyValue("message", out var message))
            throw InvalidErrorObject($"scalar '{text}' must have field with name 'message'", instruction);
        if (message is not JsonValue messageValue || !messageValue.TryGetValue<string>(out _))
            throw InvalidErrorObject($"message of scalar '{text}' must have string type", instruction);
        if (errorCode == 0)
            throw InvalidErrorObject("error code must be non-zero, but it is zero", instruction);
        return (JsonObject)obj.DeepClone();
    }

    private static AirExecutionException InvalidErrorObject(string message, string instruction) =>
        new(AquaErrorCodes.InvalidErrorObject, message, instruction: instruction);

    private static bool TryInteger(JsonValue value, out long result)
    {
        if (value.TryGetValue(out result))
            return true;
        if (value.TryGetValue<int>(out var small))
        {
            result = small;
            return true;
        }
        if (value.TryGetValue<ulong>(out var unsigned) && unsigned <= long.MaxValue)
        {
            result = (long)unsigned;
            return true;
        }
        return false;
    }

    /// <summary>
    /// fail's error once its object is valid. It leaves the subgraph incomplete: a stream fold that swallows it does not
    /// let the next instruction run (verified); a fail that could not make its object (10008, or 10003 for a scalar not
    /// set) leaves completeness alone, as other errors do (verified).
    /// </summary>
    private AirExecutionException UserError(JsonObject user, string instruction, SecurityTetraplet? origin = null)
    {
        _complete = false;
        return new(AquaErrorCodes.UserError, $"fail with '{AirJson.Serialize(user)}' is used without corresponding xor", instruction: instruction)
        {
            UserObject = user,
            UserTetraplet = origin,
        };
    }
}
