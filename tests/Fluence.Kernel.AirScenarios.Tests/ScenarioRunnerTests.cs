using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.AirScenarios.Tests;

/// <summary>
/// The runner's peer loop on a scripted interpreter (the real AquaVM runs it in the differential suite of the Air
/// plugin tests, against the Node oracle): forwarding order, call-result batching, data kept per peer, limits.
/// </summary>
public sealed class ScenarioRunnerTests
{
    /// <summary>Answers each invocation with the function's outcome and records what it was given.</summary>
    private sealed class ScriptedInterpreter(Func<InterpreterInvocation, int, InterpreterOutcome> script) : IAirInterpreter
    {
        public List<InterpreterInvocation> Invocations { get; } = [];

        public string Name => "scripted";

        public string Version => "0";

        public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
        {
            Invocations.Add(invocation);
            return ValueTask.FromResult(script(invocation, Invocations.Count));
        }
    }

    private static readonly Dictionary<uint, CallRequest> NoRequests = [];

    private static InterpreterOutcome Outcome(string data, IReadOnlyList<string>? next = null, IReadOnlyDictionary<uint, CallRequest>? requests = null, long retCode = 0) =>
        new(retCode, retCode == 0 ? "" : "failed", System.Text.Encoding.UTF8.GetBytes(data), next ?? [], requests ?? NoRequests);

    private static CallRequest Identity(JsonNode value) => new("op", "identity", [value], [[new SecurityTetraplet("p", "", "", "")]]);

    private static string Text(ReadOnlyMemory<byte> data) => System.Text.Encoding.UTF8.GetString(data.Span);

    [Fact]
    public async Task Next_peers_are_visited_in_name_order_with_the_data_and_their_own_prev_data()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["client", "B", "A"]}""");
        using var a = ScenarioPeer.Create("A");
        using var b = ScenarioPeer.Create("B");
        var interpreter = new ScriptedInterpreter((invocation, n) => n == 1
            ? Outcome("from client", [b.PeerId, "12D3KooWUnknown", a.PeerId])
            : Outcome("at " + invocation.Parameters.CurrentPeerId[^4..]));

        var report = await new ScenarioRunner(interpreter).RunAsync(scenario, CancellationToken.None);

        Assert.Equal(["client", "A", "B"], report.Steps.Select(s => s.Peer));
        Assert.Equal(["12D3KooWUnknown", "A", "B"], report.Steps[0].NextPeers);
        Assert.Equal("from client", Text(report.Steps[1].CurrentData));
        Assert.True(report.Steps[1].PrevData.IsEmpty);
        Assert.Equal("at " + a.PeerId[^4..], Text(report.FinalData["A"]));
        Assert.Equal("from client", Text(report.FinalData["client"]));
        var parameters = interpreter.Invocations[1].Parameters;
        Assert.Equal((report.PeerIds["client"], a.PeerId, "particle-1", 1_700_000_000_000UL, 120_000U), (parameters.InitPeerId, parameters.CurrentPeerId, parameters.ParticleId, parameters.Timestamp, parameters.Ttl));
        Assert.Equal(ScenarioPeer.SeedOf("A"), parameters.SecretKey.ToArray());
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 3)]
    public async Task Call_results_come_back_to_the_same_peer_with_empty_current_data_batched_or_one_by_one(bool split, int invocations)
    {
        var scenario = AirScenario.Parse($$"""{"air": "(null)", "peers": ["client"], "splitCallResults": {{(split ? "true" : "false")}}}""");
        var interpreter = new ScriptedInterpreter((_, n) => n == 1
            ? Outcome("asked", requests: new Dictionary<uint, CallRequest> { [2] = Identity("two"), [1] = Identity(1) })
            : Outcome("answered " + n));

        var report = await new ScenarioRunner(interpreter).RunAsync(scenario, CancellationToken.None);

        Assert.Equal(invocations, report.Steps.Count);
        Assert.Equal([1u, 2u], report.Steps[0].CallRequests.Select(r => r.Key));
        Assert.All(interpreter.Invocations.Skip(1), i => Assert.True(i.CurrentData.IsEmpty));
        Assert.Equal("asked", Text(interpreter.Invocations[1].PrevData));
        var fed = interpreter.Invocations.Skip(1).SelectMany(i => i.CallResults.OrderBy(r => r.Key)).ToList();
        Assert.Equal([KeyValuePair.Create(1u, new CallServiceResult(0, "1")), KeyValuePair.Create(2u, new CallServiceResult(0, "\"two\""))], fed);
    }

    [Theory]
    [InlineData(true, "failed data")]
    [InlineData(false, "good data")]
    public async Task Data_of_a_failed_invocation_is_kept_unless_the_scenario_says_otherwise(bool storeDataOnError, string kept)
    {
        var scenario = AirScenario.Parse($$"""{"air": "(null)", "peers": ["client"], "storeDataOnError": {{(storeDataOnError ? "true" : "false")}}}""");
        var interpreter = new ScriptedInterpreter((_, n) => n == 1
            ? Outcome("good data", requests: new Dictionary<uint, CallRequest> { [1] = Identity(1) })
            : Outcome("failed data", retCode: 10000));

        var report = await new ScenarioRunner(interpreter).RunAsync(scenario, CancellationToken.None);

        Assert.Equal(kept, Text(report.FinalData["client"]));
        Assert.Equal(10000, report.Steps[^1].RetCode);
    }

    [Fact]
    public async Task A_particle_that_never_settles_stops_at_the_step_limit()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["client"]}""");
        var interpreter = new ScriptedInterpreter((_, _) => Outcome("again", requests: new Dictionary<uint, CallRequest> { [1] = Identity(1) }));

        var error = await Assert.ThrowsAsync<ScenarioRunException>(() => new ScenarioRunner(interpreter, maxSteps: 5).RunAsync(scenario, CancellationToken.None));

        Assert.Equal("the scenario did not settle in 5 invocations", error.Message);
        Assert.Equal(5, error.Steps.Count);
    }

    [Fact]
    public async Task An_interpreter_that_throws_is_reported_with_the_peer_and_the_invocation()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["client", "A"]}""");
        using var a = ScenarioPeer.Create("A");
        var interpreter = new ScriptedInterpreter((_, n) => n == 1 ? Outcome("x", [a.PeerId]) : throw new InvalidOperationException("trap"));

        var error = await Assert.ThrowsAsync<ScenarioRunException>(() => new ScenarioRunner(interpreter).RunAsync(scenario, CancellationToken.None));

        Assert.Equal("invocation 2 on peer A (scripted) failed: trap", error.Message);
        Assert.Single(error.Steps);
    }

    [Fact]
    public async Task Each_peer_runs_on_the_interpreter_assigned_to_it()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["client", "A"]}""");
        using var a = ScenarioPeer.Create("A");
        var first = new ScriptedInterpreter((_, _) => Outcome("c", [a.PeerId]));
        var second = new ScriptedInterpreter((_, _) => Outcome("a"));

        var report = await new ScenarioRunner(peer => peer == "A" ? second : first).RunAsync(scenario, CancellationToken.None);

        Assert.Single(first.Invocations);
        Assert.Single(second.Invocations);
        Assert.Equal(["client", "A"], report.Steps.Select(s => s.Peer));
    }

    [Fact]
    public async Task The_expectation_compares_the_captured_results()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["client"], "expect": {"results": ["hi"]}}""");
        var interpreter = new ScriptedInterpreter((_, n) => n == 1
            ? Outcome("", requests: new Dictionary<uint, CallRequest> { [1] = new("return", "", [JsonValue.Create("bye")], [[]]) })
            : Outcome(""));

        var report = await new ScenarioRunner(interpreter).RunAsync(scenario, CancellationToken.None);

        Assert.Equal(["results: expected [\"hi\"], got [\"bye\"]"], report.ExpectationFailures);
    }
}
