using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>
/// TEST DOUBLE, for pipeline mechanics only (the scenarios run on the real AquaVM). A deterministic toy interpreter
/// like Nox's toy VMs: the "script" is a JSON array of steps <c>{"peer", "service", "function", "args"}</c> executed
/// in order; <c>"%init_peer_id%"</c> names the originator and an argument <c>"$N"</c> is the result of step N. The
/// data is JSON: the results so far (merged by union, so re-delivered copies are idempotent) and, per peer, the call
/// requests in flight. A failed call stops the script.
/// </summary>
public sealed class StepInterpreter : IAirInterpreter
{
    private int _invocations;

    public string Name => "step-test-double";

    public string Version => "0.0.0-test";

    public int Invocations => Volatile.Read(ref _invocations);

    public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _invocations);
        JsonArray steps;
        try
        {
            steps = JsonNode.Parse(invocation.Air)!.AsArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return ValueTask.FromResult(new InterpreterOutcome(1, "script is not a step list", invocation.PrevData, [], new Dictionary<uint, CallRequest>()));
        }
        var me = invocation.Parameters.CurrentPeerId;
        var prev = Parse(invocation.PrevData);
        var current = Parse(invocation.CurrentData);
        var results = (JsonObject)prev["results"]!.DeepClone();
        foreach (var (step, value) in current["results"]!.AsObject())
            results[step] ??= value?.DeepClone();
        var pending = (JsonObject)prev["pending"]!.DeepClone();
        uint lastCallId = prev["lcid"]!.GetValue<uint>();

        foreach (var (callId, result) in invocation.CallResults)
        {
            var step = pending[callId.ToString()]?.GetValue<int>() ?? -1;
            if (step < 0)
                return ValueTask.FromResult(new InterpreterOutcome(30000, $"unprocessed call result {callId}", invocation.PrevData, [], new Dictionary<uint, CallRequest>()));
            pending.Remove(callId.ToString());
            results[step.ToString()] = new JsonObject { ["ret_code"] = result.RetCode, ["result"] = JsonNode.Parse(result.Result) };
        }

        var nextPeers = new List<string>();
        var requests = new Dictionary<uint, CallRequest>();
        long retCode = 0;
        string error = "";
        for (int i = 0; i < steps.Count; i++)
        {
            if (results[i.ToString()] is JsonObject done)
            {
                if (done["ret_code"]!.GetValue<int>() != 0)
                {
                    retCode = 10000;
                    error = $"Local service error, ret_code is {done["ret_code"]}, error message is '{done["result"]!.ToJsonString()}'";
                    break;
                }
                continue;
            }
            var step = steps[i]!.AsObject();
            var peer = step["peer"]!.GetValue<string>();
            if (peer == "%init_peer_id%")
                peer = invocation.Parameters.InitPeerId;
            if (peer != me)
            {
                nextPeers.Add(peer);
                break;
            }
            if (!pending.Any(p => p.Value!.GetValue<int>() == i))
            {
                uint id = ++lastCallId;
                pending[id.ToString()] = i;
                var args = (step["args"] as JsonArray ?? []).Select(a => Resolve(a, results)).ToArray();
                requests[id] = new CallRequest(step["service"]!.GetValue<string>(), step["function"]!.GetValue<string>(), args,
                    args.Select(_ => (IReadOnlyList<Particles.SecurityTetraplet>)[new Particles.SecurityTetraplet(me, "", "", "")]).ToArray());
            }
            break;
        }

        var data = new JsonObject { ["results"] = results, ["pending"] = pending, ["lcid"] = lastCallId };
        return ValueTask.FromResult(new InterpreterOutcome(retCode, error, Encoding.UTF8.GetBytes(data.ToJsonString()), nextPeers, requests));
    }

    /// <summary>A script of steps (peer, service, function, args...).</summary>
    public static string Script(params (string Peer, string Service, string Function, object?[] Args)[] steps) =>
        new JsonArray(steps.Select(s => (JsonNode?)new JsonObject
        {
            ["peer"] = s.Peer,
            ["service"] = s.Service,
            ["function"] = s.Function,
            ["args"] = JsonSerializer.SerializeToNode(s.Args),
        }).ToArray()).ToJsonString();

    private static JsonNode? Resolve(JsonNode? arg, JsonObject results) =>
        arg is JsonValue v && v.TryGetValue(out string? text) && text.StartsWith('$') && results[text[1..]] is JsonObject r
            ? r["result"]?.DeepClone()
            : arg?.DeepClone();

    private static JsonObject Parse(ReadOnlyMemory<byte> data) =>
        data.IsEmpty
            ? new JsonObject { ["results"] = new JsonObject(), ["pending"] = new JsonObject(), ["lcid"] = 0u }
            : JsonNode.Parse(data.Span)!.AsObject();
}
