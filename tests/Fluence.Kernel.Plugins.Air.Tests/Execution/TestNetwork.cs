using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// A small simulated network for differential tests: named peers with deterministic Ed25519 identities, each with its
/// own prev_data and interpreter; <c>{{NAME}}</c> in the script becomes that peer's id. Data goes to next peers (sorted
/// by name); call requests are answered from a fixed service table and fed back with empty current data.
/// Everything observable is recorded as JSON so two runs can be compared whole.
/// </summary>
public sealed class TestNetwork(IReadOnlyList<string> names, Func<string, IAirInterpreter> interpreterOf)
{
    private const string ParticleId = "differential-particle";
    private readonly Dictionary<string, KeyPair> _keys = names.ToDictionary(n => n, n => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air:" + n))));

    public string PeerId(string name) => _keys[name].PeerId.ToString();

    public async Task<JsonObject> RunAsync(string template, int maxSteps = 300)
    {
        var air = template;
        foreach (var name in names)
            air = air.Replace("{{" + name + "}}", PeerId(name), StringComparison.Ordinal);
        var byId = names.ToDictionary(PeerId, n => n);
        var init = names[0];
        var prev = names.ToDictionary(n => n, _ => ReadOnlyMemory<byte>.Empty);
        var steps = new JsonArray();
        var results = new JsonArray();
        var work = new Queue<(string Peer, ReadOnlyMemory<byte> Data, Dictionary<uint, CallServiceResult> Results)>();
        work.Enqueue((init, ReadOnlyMemory<byte>.Empty, []));
        for (var step = 0; work.Count > 0; step++)
        {
            if (step >= maxSteps)
            {
                steps.Add("step limit reached");
                break;
            }
            var (peer, data, callResults) = work.Dequeue();
            var key = _keys[peer];
            var parameters = new RunParameters(PeerId(init), PeerId(peer), 1_700_000_000_000, 120_000, 0, key.Seed.ToArray(), ParticleId);
            var outcome = await interpreterOf(peer).InvokeAsync(new InterpreterInvocation(air, prev[peer], data, parameters, callResults), CancellationToken.None);
            var nextPeers = outcome.NextPeerPks.Select(p => byId.TryGetValue(p, out var n) ? n : p).Order(StringComparer.Ordinal).ToArray();
            var requests = new JsonArray();
            var answers = new Dictionary<uint, CallServiceResult>();
            foreach (var (id, request) in outcome.CallRequests.OrderBy(r => r.Key))
            {
                var arguments = new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray());
                requests.Add(new JsonObject
                {
                    ["id"] = id, ["service"] = request.ServiceId, ["function"] = request.FunctionName, ["arguments"] = arguments.DeepClone(),
                    ["tetraplets"] = new JsonArray(request.Tetraplets.Select(ts => (JsonNode)new JsonArray(ts.Select(t => (JsonNode)new JsonObject
                    {
                        ["peer_pk"] = t.PeerPk, ["service_id"] = t.ServiceId, ["function_name"] = t.FunctionName, ["lens"] = t.Lens,
                    }).ToArray())).ToArray()),
                });
                answers[id] = Answer(peer, request.ServiceId, request.FunctionName, arguments, results);
            }
            steps.Add(new JsonObject
            {
                ["peer"] = peer, ["retCode"] = outcome.RetCode, ["nextPeers"] = new JsonArray(nextPeers.Select(p => (JsonNode)p).ToArray()),
                ["callRequests"] = requests,
            });
            if (outcome.RetCode is not 0 and < 10000)
                continue;
            prev[peer] = outcome.Data;
            foreach (var next in nextPeers)
            {
                if (_keys.ContainsKey(next))
                    work.Enqueue((next, outcome.Data, []));
            }
            if (answers.Count > 0)
                work.Enqueue((peer, ReadOnlyMemory<byte>.Empty, answers));
        }
        var finalData = new JsonObject();
        foreach (var name in names)
            finalData[name] = prev[name].IsEmpty ? null : Semantic(prev[name]);
        return new JsonObject { ["steps"] = steps, ["results"] = results, ["finalData"] = finalData };
    }

    private CallServiceResult Answer(string peer, string service, string function, JsonArray arguments, JsonArray results)
    {
        switch (service, function)
        {
            case ("return", _) or ("callbackSrv", "response"):
                results.Add(arguments.DeepClone());
                return CallServiceResult.Ok("\"\"");
            case ("op", "identity"):
                return CallServiceResult.Ok(arguments.Count > 0 ? arguments[0]?.ToJsonString() ?? "null" : "null");
            case ("op", "noop"):
                return CallServiceResult.Ok("\"\"");
            case ("op", "array") or ("echo", _):
                return CallServiceResult.Ok(arguments.ToJsonString());
            case ("who", _):
                return CallServiceResult.Ok($"\"{peer}\"");
            case ("fail", _):
                return new CallServiceResult(3, "\"failed on purpose\"");
            case ("json", "bad"):
                return CallServiceResult.Ok("not json");
            case ("math", "double"):
                return CallServiceResult.Ok((arguments[0]!.GetValue<long>() * 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            case ("broken", "f"):
                return CallServiceResult.Error("\"bad things happened\"");
            case ("svc", "f"):
                return CallServiceResult.Ok(arguments.ToJsonString());
            case ("text", "get"):
                return CallServiceResult.Ok("""{"key":"line\nnext \u0001 \"quoted\" \\ back é 日本","z":1.5,"a":[true,null,-7]}""");
            case ("obj", "get"):
                return CallServiceResult.Ok("""{"z":1.5,"a":[true,null,-7],"name":"x","n":2,"peer":"me"}""");
            default:
                return CallServiceResult.Error($"\"No service found for service call: serviceId='{service}', fnName='{function}'\"");
        }
    }

    /// <summary>The data in its semantic form, stores and signatures sorted by key so two encoders compare equal.</summary>
    public static JsonNode Semantic(ReadOnlyMemory<byte> bytes)
    {
        var json = InterpreterDataJson.ToHumanReadable(InterpreterDataCodec.Decode(bytes));
        return Sort(json)!;
    }

    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        _ => node?.DeepClone(),
    };
}
