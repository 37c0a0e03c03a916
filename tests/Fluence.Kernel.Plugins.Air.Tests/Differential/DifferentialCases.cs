using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Tests.Syntax;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Every scenario of the differential suite: the hand-written files under <c>Scenarios/</c> (the oracle's six in
/// <c>Scenarios/oracle/</c>), random executable scenarios (<see cref="RandomScenarios"/>), some of them again in a
/// seeded network order (<c>delivery</c>), random nested folds that write to the stream or stream map they go over
/// (<see cref="NestedFoldScenarios"/>, each also with a delivery order), random new scopes in folds
/// (<see cref="NewScopeScenarios"/>, each also with a delivery order), and the parser's random scripts run on one
/// peer. A case is a scenario plus how its network is split between interpreters.
/// </summary>
public static class DifferentialCases
{
    public const int RandomScenarioCount = 1000;
    public const int RandomParserScriptCount = 20;

    /// <summary>How many of the random scenarios run once more with a delivery seed (their own seed).</summary>
    public const int RandomDeliveryScenarioCount = 500;

    /// <summary>
    /// Random nested folds appending to the stream they go over (<see cref="NestedFoldScenarios"/>), as many over a
    /// stream map, each also in a seeded delivery order.
    /// </summary>
    public const int NestedFoldScenarioCount = 100;

    /// <summary>
    /// Random new scopes over a scalar, canon or canon map in folds whose next may run inside them
    /// (<see cref="NewScopeScenarios"/>), each also in a seeded delivery order.
    /// </summary>
    public const int NewScopeScenarioCount = 150;

    // AquaVM 0.62 itself panics on these ("Result for joinable error" replaying a call: a canon map argument that
    // resolved when peer C made the call waits when C runs again): there is nothing to compare with.
    private static readonly int[] NewScopeSeedsAquaVmPanicsOn = [31];

    public static string ScenarioDirectory => Path.Combine(RepoPaths.Root, "tests", "Fluence.Kernel.Plugins.Air.Tests", "Scenarios");

    /// <summary>Scenario name → scenario JSON.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Scenarios { get; } = Load();

    /// <summary>How peers are assigned to interpreters (the native side of a cross-interpreter comparison).</summary>
    public static readonly string[] Networks = ["native", "mixed-native-first", "mixed-aquavm-first"];

    public static IEnumerable<string> CaseIds => Scenarios.Keys.SelectMany(s => Networks.Select(n => $"{s}@{n}"));

    /// <summary>
    /// The scenarios the Node oracle's simulator can run: all but those with a <c>delivery</c> order and those whose call
    /// results arrive split (it feeds a peer's results in one batch), which only the C# runner knows.
    /// </summary>
    public static TheoryData<string> OracleScenarioNames() =>
        new(Scenarios.Where(s => s.Value["delivery"] is null && s.Value["splitCallResults"]?.GetValue<bool>() != true)
            .Select(s => s.Key).Order(StringComparer.Ordinal));

    public static TheoryData<string> HandWrittenWithExpectations() =>
        new(Scenarios.Where(s => s.Value["expect"] is not null).Select(s => s.Key).Order(StringComparer.Ordinal));

    /// <summary>The interpreter of each peer for <paramref name="network"/>: everyone native, or alternating by the peer's position.</summary>
    public static Func<string, IAirInterpreter> Assignment(string network, IReadOnlyList<string> peers, IAirInterpreter native, IAirInterpreter aquaVm) => network switch
    {
        "native" => _ => native,
        "mixed-native-first" => peer => IndexOf(peers, peer) % 2 == 0 ? native : aquaVm,
        "mixed-aquavm-first" => peer => IndexOf(peers, peer) % 2 == 0 ? aquaVm : native,
        _ => throw new ArgumentException($"unknown network '{network}'"),
    };

    private static int IndexOf(IReadOnlyList<string> peers, string peer)
    {
        for (int i = 0; i < peers.Count; i++)
        {
            if (peers[i] == peer)
                return i;
        }
        throw new ArgumentException($"'{peer}' is not a peer of the scenario");
    }

    private static Dictionary<string, JsonObject> Load()
    {
        var scenarios = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(ScenarioDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(ScenarioDirectory, file)[..^".json".Length].Replace('\\', '/');
            scenarios[name] = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        }
        for (int seed = 1; seed <= RandomScenarioCount; seed++)
            scenarios[$"random/scenario-{seed:D4}"] = RandomScenarios.Scenario(seed);
        for (int seed = 1; seed <= RandomDeliveryScenarioCount; seed++)
        {
            var scenario = RandomScenarios.Scenario(seed);
            scenario["delivery"] = new JsonObject { ["seed"] = seed };
            scenarios[$"random/scenario-{seed:D4}-delivery-{seed}"] = scenario;
        }
        for (int seed = 1; seed <= NestedFoldScenarioCount; seed++)
        {
            AddWithDelivery(scenarios, $"random/nested-fold-{seed:D4}", seed, NestedFoldScenarios.Scenario);
            AddWithDelivery(scenarios, $"random/nested-map-fold-{seed:D4}", seed, NestedFoldScenarios.MapScenario);
        }
        foreach (var seed in Enumerable.Range(1, NewScopeScenarioCount).Except(NewScopeSeedsAquaVmPanicsOn))
            AddWithDelivery(scenarios, $"random/new-scope-{seed:D4}", seed, NewScopeScenarios.Scenario);
        for (int seed = 1; seed <= RandomParserScriptCount; seed++)
        {
            scenarios[$"random/parser-script-{seed:D3}"] = new JsonObject
            {
                ["air"] = RandomAirScripts.Valid(seed, maxDepth: 4),
                ["peers"] = new JsonArray("client"),
            };
        }
        return scenarios;
    }

    // The scenario of a seed, and again with a delivery order of the same seed.
    private static void AddWithDelivery(Dictionary<string, JsonObject> scenarios, string name, int seed, Func<int, JsonObject> generate)
    {
        scenarios[name] = generate(seed);
        var delivered = generate(seed);
        delivered["delivery"] = new JsonObject { ["seed"] = seed };
        scenarios[$"{name}-delivery-{seed}"] = delivered;
    }

    public static AirScenario Scenario(string name) => AirScenario.FromJson((JsonObject)Scenarios[name].DeepClone());
}
