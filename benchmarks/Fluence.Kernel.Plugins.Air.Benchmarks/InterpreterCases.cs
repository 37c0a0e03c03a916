using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Plugins.Air.Benchmarks;

/// <summary>
/// The workloads of the interpreter benchmarks (issue 8): each a scenario run once on AquaVM to record real
/// invocation inputs (prev data, current data, call results), and the steps of that run a benchmark replays.
/// </summary>
internal sealed record InterpreterCase(string Name, JsonObject Scenario, Func<IReadOnlyList<ScenarioStep>, IEnumerable<ScenarioStep>> Replayed)
{
    public const string Null = "null";
    public const string SeqChain100 = "seq-chain-100";
    public const string FoldStream1000Par = "fold-stream-1000-par";
    public const string CallRequests500 = "call-requests-500";
    public const string CallResults500 = "call-results-500";
    public const string Merge1MiB = "merge-1mib-result";

    private static JsonObject ScenarioOf(string air, string[] peers, JsonObject? services = null) => new()
    {
        ["air"] = air,
        ["peers"] = new JsonArray(peers.Select(p => (JsonNode?)p).ToArray()),
        ["services"] = services ?? new JsonObject(),
    };

    private static string SeqChain(int steps)
    {
        // (seq c1 (seq c2 (… (seq c99 c100)))) — each call's result feeds the next call.
        var air = $"(call %init_peer_id% (\"op\" \"identity\") [v{steps - 1}] v{steps})";
        for (int i = steps - 1; i >= 1; i--)
            air = $"(seq (call %init_peer_id% (\"op\" \"identity\") [{(i == 1 ? "0" : $"v{i - 1}")}] v{i}) {air})";
        return air;
    }

    private static JsonObject ArrayService(int count) => new() { ["result"] = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)i).ToArray()) };

    public static readonly IReadOnlyDictionary<string, InterpreterCase> All = new Dictionary<string, InterpreterCase>
    {
        // One invocation of (null) on empty data: the fixed cost (parse, sign, serialise).
        [Null] = new(Null, ScenarioOf("(null)", ["client"]), steps => steps.Take(1)),
        // A whole particle: 100 local calls one after another, 101 invocations replayed in order.
        [SeqChain100] = new(SeqChain100, ScenarioOf(SeqChain(100), ["client"]), steps => steps),
        // The invocation that receives a 1,000-element array, appends each element to a stream and folds over the
        // stream with par, emitting 1,000 call requests.
        [FoldStream1000Par] = new(FoldStream1000Par, ScenarioOf(
            "(seq (call %init_peer_id% (\"svc\" \"values\") [] arr) (seq (fold arr i (seq (ap i $s) (next i))) " +
            "(fold $s v (par (call %init_peer_id% (\"svc\" \"f\") [v] $r) (next v)) (null))))",
            ["client"], new JsonObject { ["svc.values"] = ArrayService(1000), ["svc.f"] = "noop" }), steps => steps.Skip(1).Take(1)),
        // A fold with par over 500 elements: the invocation emitting 500 call requests …
        [CallRequests500] = new(CallRequests500, ScenarioOf(
            "(seq (call %init_peer_id% (\"svc\" \"values\") [] arr) (fold arr i (par (call %init_peer_id% (\"svc\" \"f\") [i] $r) (next i))))",
            ["client"], new JsonObject { ["svc.values"] = ArrayService(500), ["svc.f"] = "identity" }), steps => steps.Skip(1).Take(1)),
        // … and the one applying their 500 results.
        [CallResults500] = new(CallResults500, ScenarioOf(
            "(seq (call %init_peer_id% (\"svc\" \"values\") [] arr) (fold arr i (par (call %init_peer_id% (\"svc\" \"f\") [i] $r) (next i))))",
            ["client"], new JsonObject { ["svc.values"] = ArrayService(500), ["svc.f"] = "identity" }), steps => steps.Skip(2).Take(1)),
        // A service on A returns a 1 MiB string; the invocation measured is the client merging A's data.
        [Merge1MiB] = new(Merge1MiB, ScenarioOf(
            "(seq (call \"{{A}}\" (\"svc\" \"big\") [] x) (call %init_peer_id% (\"op\" \"noop\") [x]))",
            ["client", "A"], new JsonObject { ["svc.big"] = new JsonObject { ["result"] = new string('x', 1 << 20) } }),
            steps => steps.Where(s => s.Peer == "client" && !s.CurrentData.IsEmpty).Take(1)),
    };

    /// <summary>Runs the scenario on <paramref name="recorder"/> and returns the invocations to replay.</summary>
    public async Task<IReadOnlyList<InterpreterInvocation>> RecordAsync(IAirInterpreter recorder)
    {
        var scenario = AirScenario.FromJson((JsonObject)Scenario.DeepClone());
        var report = await new ScenarioRunner(recorder).RunAsync(scenario, CancellationToken.None);
        var failed = report.Steps.FirstOrDefault(s => s.RetCode != 0);
        if (failed is not null)
            throw new InvalidOperationException($"{Name}: step {failed.Index} on {failed.Peer} failed with {failed.RetCode}: {failed.ErrorMessage}");
        var seeds = scenario.Peers.ToDictionary(p => p, ScenarioPeer.SeedOf);
        var invocations = Replayed(report.Steps).Select(step => new InterpreterInvocation(
            report.Air, step.PrevData, step.CurrentData,
            new RunParameters(report.PeerIds[scenario.Init], report.PeerIds[step.Peer], scenario.Timestamp, scenario.Ttl, 0, seeds[step.Peer], scenario.ParticleId),
            step.CallResults.ToDictionary(r => r.Key, r => r.Value))).ToList();
        if (invocations.Count == 0)
            throw new InvalidOperationException($"{Name}: the recorded run has no step to replay");
        return invocations;
    }
}
