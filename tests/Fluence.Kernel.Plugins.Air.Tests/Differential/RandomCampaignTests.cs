using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// The structure campaign, on demand: random scenarios far beyond CI's seeds (<see cref="DifferentialCases.RandomScenarioCount"/>),
/// at any depth, on AquaVM alone against the native and both mixed networks. CI's seeds are a sample; campaigns of
/// tens of thousands of seeds found what they missed. Run a range with
/// <c>FLUENCE_AIR_CAMPAIGN=100000-100999@5 dotnet test tests/Fluence.Kernel.Plugins.Air.Tests -c Release --filter Category=Campaign</c>
/// (depth 4 when <c>@DEPTH</c> is left out). A seed is reproduced by <c>RandomScenarios.Scenario(seed, depth)</c>.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class RandomCampaignTests(DifferentialFixture fixture, ITestOutputHelper output)
{
    [CampaignFact]
    [Trait("Category", "Campaign")]
    public async Task Random_scenarios_beyond_the_CI_seeds_match_AquaVM()
    {
        var (first, last, depth) = CampaignFactAttribute.Range();
        Assert.True(fixture.Native is not null, fixture.NativeUnavailable);
        var differing = new List<string>();
        var unsettled = new List<int>();
        for (int seed = first; seed <= last; seed++)
        {
            var json = RandomScenarios.Scenario(seed, depth);
            JsonObject expected;
            try
            {
                expected = await RunAsync(new ScenarioRunner(fixture.AquaVm), json);
            }
            catch (ScenarioRunException)
            {
                // AquaVM itself does not settle (or fails) on it: nothing to compare with.
                unsettled.Add(seed);
                continue;
            }
            foreach (var network in DifferentialCases.Networks)
            {
                var runner = new ScenarioRunner(DifferentialCases.Assignment(network, Peers(json), fixture.Native!, fixture.AquaVm));
                IReadOnlyList<string> differences;
                try
                {
                    differences = ScenarioReportComparer.Differences(expected, await RunAsync(runner, json), DifferentialFixture.Decode, compareErrorMessages: false);
                }
                catch (ScenarioRunException ex)
                {
                    differences = [$"the run failed after {ex.Steps.Count} invocations: {ex.Message}"];
                }
                if (differences.Count > 0)
                {
                    differing.Add($"seed {seed} depth {depth} @{network}: {differences[0]}");
                    output.WriteLine(differing[^1]);
                }
            }
        }
        output.WriteLine($"seeds {first}–{last} at depth {depth}: {differing.Count} differing cases; AquaVM did not settle on {unsettled.Count} seeds {string.Join(' ', unsettled)}".TrimEnd());
        Assert.True(differing.Count == 0, $"{differing.Count} cases differ (reduce each to a case under Scenarios/, then fix):\n{string.Join('\n', differing)}");
    }

    private static IReadOnlyList<string> Peers(JsonObject scenario) => scenario["peers"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();

    private static async Task<JsonObject> RunAsync(ScenarioRunner runner, JsonObject scenario) =>
        ScenarioReportJson.ToJson(await runner.RunAsync(AirScenario.FromJson((JsonObject)scenario.DeepClone()), CancellationToken.None));
}
