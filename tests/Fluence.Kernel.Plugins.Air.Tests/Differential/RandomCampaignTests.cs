using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// The structure and delivery campaigns, on demand: random scenarios far beyond CI's seeds
/// (<see cref="DifferentialCases.RandomScenarioCount"/>), at any depth, each in first-in-first-out order and in any
/// number of seeded delivery orders, on AquaVM alone against the native and both mixed networks. CI's seeds are a
/// sample; campaigns of tens of thousands of seeds found what they missed. Run a range with
/// <c>FLUENCE_AIR_CAMPAIGN=100000-100999@5/3 dotnet test tests/Fluence.Kernel.Plugins.Air.Tests -c Release --filter Category=Campaign</c>
/// (<see cref="CampaignRange"/>; <c>nested-fold:1-5000/3</c> and <c>nested-map-fold:…</c> run
/// <see cref="NestedFoldScenarios"/> instead, <c>new-scope:…</c> <see cref="NewScopeScenarios"/>). A case is reproduced
/// by <c>RandomScenarios.Scenario(seed, depth)</c> (or <c>NestedFoldScenarios.Scenario(seed)</c>, <c>MapScenario(seed)</c>,
/// <c>NewScopeScenarios.Scenario(seed)</c>) with <c>"delivery": {"seed": D}</c> added when D is named.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class RandomCampaignTests(DifferentialFixture fixture, ITestOutputHelper output)
{
    [CampaignFact]
    [Trait("Category", "Campaign")]
    public async Task Random_scenarios_beyond_the_CI_seeds_match_AquaVM()
    {
        var range = CampaignRange.FromEnvironment();
        Assert.True(fixture.Native is not null, fixture.NativeUnavailable);
        var differing = new List<string>();
        var unsettled = new List<string>();
        int compared = 0;
        for (int seed = range.First; seed <= range.Last; seed++)
        {
            // Delivery seed 0 is first in, first out; 1..Deliveries are seeded orders.
            for (int delivery = 0; delivery <= range.Deliveries; delivery++)
            {
                var json = range.Scenario(seed);
                if (delivery > 0)
                    json["delivery"] = new JsonObject { ["seed"] = delivery };
                var name = delivery > 0 ? $"{range.ScenarioName(seed)} delivery {delivery}" : range.ScenarioName(seed);
                JsonObject expected;
                try
                {
                    expected = await RunAsync(new ScenarioRunner(fixture.AquaVm), json);
                }
                catch (ScenarioRunException)
                {
                    // AquaVM itself does not settle (or fails) on it: nothing to compare with.
                    unsettled.Add(name);
                    continue;
                }
                foreach (var network in DifferentialCases.Networks)
                {
                    compared++;
                    var runner = new ScenarioRunner(DifferentialCases.Assignment(network, Peers(json), fixture.Native!, fixture.AquaVm));
                    IReadOnlyList<string> differences;
                    try
                    {
                        differences = ScenarioReportComparer.Differences(expected, await RunAsync(runner, json), DifferentialFixture.Decode, compareParseErrorMessages: false);
                    }
                    catch (ScenarioRunException ex)
                    {
                        differences = [$"the run failed after {ex.Steps.Count} invocations: {ex.Message}"];
                    }
                    if (differences.Count > 0)
                    {
                        differing.Add($"{name} @{network}: {differences[0]}");
                        output.WriteLine(differing[^1]);
                    }
                }
            }
        }
        output.WriteLine($"{range}: {compared} comparisons, {differing.Count} differ; AquaVM did not settle on {unsettled.Count}");
        foreach (var name in unsettled)
            output.WriteLine($"  not settled on AquaVM: {name}");
        Assert.True(differing.Count == 0, $"{differing.Count} of {compared} comparisons differ (reduce each to a case under Scenarios/, then fix):\n{string.Join('\n', differing)}");
    }

    private static IReadOnlyList<string> Peers(JsonObject scenario) => scenario["peers"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();

    private static async Task<JsonObject> RunAsync(ScenarioRunner runner, JsonObject scenario) =>
        ScenarioReportJson.ToJson(await runner.RunAsync(AirScenario.FromJson((JsonObject)scenario.DeepClone()), CancellationToken.None));
}
