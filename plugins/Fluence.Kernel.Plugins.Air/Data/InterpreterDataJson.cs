using System.Text.Json.Nodes;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// The semantic JSON form of InterpreterData, the form of AquaVM's <c>to_human_readable_data</c>:
/// <c>{"data": {trace, lcid, cid_info, signatures}, "versions": {version, interpreter_version}}</c>.
/// </summary>
public static class InterpreterDataJson
{
    public static JsonObject ToHumanReadable(InterpreterData data) => new()
    {
        ["data"] = new JsonObject
        {
            ["trace"] = new JsonArray(data.Trace.Select(State).ToArray()),
            ["lcid"] = data.LastCallRequestId,
            ["cid_info"] = new JsonObject
            {
                ["value_store"] = Store(data.CidInfo.Values, v => JsonValue.Create(v.Json)),
                ["tetraplet_store"] = Store(data.CidInfo.Tetraplets, t => new JsonObject
                {
                    ["peer_pk"] = t.PeerPk, ["service_id"] = t.ServiceId, ["function_name"] = t.FunctionName, ["lens"] = t.Lens,
                }),
                ["canon_element_store"] = Store(data.CidInfo.CanonElements, e => new JsonObject
                {
                    ["value"] = e.Value.Value, ["tetraplet"] = e.Tetraplet.Value, ["provenance"] = Provenance(e.Provenance),
                }),
                ["canon_result_store"] = Store(data.CidInfo.CanonResults, r => new JsonObject
                {
                    ["tetraplet"] = r.Tetraplet.Value, ["values"] = new JsonArray(r.Values.Select(v => (JsonNode)v.Value).ToArray()),
                }),
                ["service_result_store"] = Store(data.CidInfo.ServiceResults, r => new JsonObject
                {
                    ["value_cid"] = r.ValueCid.Value, ["argument_hash"] = r.ArgumentHash.Value, ["tetraplet_cid"] = r.TetrapletCid.Value,
                }),
            },
            ["signatures"] = Signatures(data.Signatures),
        },
        ["versions"] = new JsonObject { ["version"] = data.Version, ["interpreter_version"] = data.InterpreterVersion },
    };

    private static JsonObject Store<T>(CidStore<T> store, Func<T, JsonNode?> value) where T : StoreValue
    {
        var json = new JsonObject();
        foreach (var (key, item) in store.Entries)
            json[key.Value] = value(item);
        return json;
    }

    private static JsonObject Signatures(IEnumerable<PeerSignature> signatures)
    {
        var json = new JsonObject();
        foreach (var s in signatures)
            json[Base58.Encode(s.PublicKey)] = Base58.Encode(s.Signature);
        return json;
    }

    private static JsonObject Provenance(Provenance p) => p.Kind switch
    {
        ProvenanceKind.Literal => new JsonObject { ["type"] = "literal" },
        ProvenanceKind.ServiceResult => new JsonObject { ["type"] = "service_result", ["cid"] = p.Cid!.Value },
        _ => new JsonObject { ["type"] = "canon", ["cid"] = p.Cid!.Value },
    };

    private static JsonNode State(ExecutedState state) => state switch
    {
        ParState p => new JsonObject { ["par"] = new JsonArray(p.Left, p.Right) },
        CallState c => new JsonObject { ["call"] = Call(c.Result) },
        FoldState f => new JsonObject
        {
            ["fold"] = new JsonObject
            {
                ["lore"] = new JsonArray(f.Lore.Select(l => (JsonNode)new JsonObject
                {
                    ["pos"] = l.ValuePosition,
                    ["desc"] = new JsonArray(l.Subtraces.Select(d => (JsonNode)new JsonObject { ["pos"] = d.Position, ["len"] = d.Length }).ToArray()),
                }).ToArray()),
            },
        },
        ApState a => new JsonObject { ["ap"] = new JsonObject { ["gens"] = new JsonArray(a.Generations.Select(g => (JsonNode)g).ToArray()) } },
        CanonState { Result: CanonExecuted e } => new JsonObject { ["canon"] = new JsonObject { ["executed"] = e.Cid.Value } },
        CanonState { Result: CanonRequestSentBy s } => new JsonObject { ["canon"] = new JsonObject { ["sent_by"] = s.Peer.Value } },
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static JsonObject Call(CallResult result) => result switch
    {
        RequestSentBy { Sender: { CallId: null } s } => new JsonObject { ["sent_by"] = new JsonObject { ["PeerId"] = s.Peer.Value } },
        RequestSentBy { Sender: var s } => new JsonObject
        {
            ["sent_by"] = new JsonObject { ["PeerIdWithCallId"] = new JsonObject { ["peer_id"] = s.Peer.Value, ["call_id"] = s.CallId } },
        },
        Executed { Value: var v } => new JsonObject
        {
            ["executed"] = v.Kind switch
            {
                ValueKind.Scalar => new JsonObject { ["scalar"] = v.Cid.Value },
                ValueKind.Stream => new JsonObject { ["stream"] = new JsonObject { ["cid"] = v.Cid.Value, ["generation"] = v.Generation } },
                _ => new JsonObject { ["unused"] = v.Cid.Value },
            },
        },
        Failed f => new JsonObject { ["failed"] = f.ServiceResultCid.Value },
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };
}
