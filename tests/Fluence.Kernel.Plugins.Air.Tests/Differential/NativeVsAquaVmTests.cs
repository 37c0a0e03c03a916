using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// Every scenario on the native interpreter alone and in mixed networks (peers alternating native / AquaVM, both
/// ways round) against the same scenario on AquaVM alone: call requests, next peers, ret codes, results and the
/// data decoded to its semantic form (trace, stores, signatures) at every step must be identical.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class NativeVsAquaVmTests(DifferentialFixture fixture)
{
    private static readonly ConcurrentDictionary<string, JsonObject> AquaVmRuns = new();

    [Fact]
    public async Task The_native_interpreter_matches_AquaVM_on_every_case_not_pending()
    {
        var settled = DifferentialCases.CaseIds.Where(c => !NativePending.IsPending(c)).ToList();
        if (fixture.Native is null)
        {
            // Without the engine every case must be listed as pending, or CI would claim comparisons it cannot make.
            Assert.True(settled.Count == 0, $"{fixture.NativeUnavailable}; yet these cases are not pending: {string.Join(", ", settled.Take(10))}");
            return;
        }
        var failures = new List<string>();
        foreach (var caseId in settled)
        {
            var differences = await CompareAsync(caseId);
            if (differences.Count > 0)
                failures.Add($"{caseId}:\n  {string.Join("\n  ", differences)}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {settled.Count} cases differ (list them in NativePending.cs with the reason, or fix the engine):\n{string.Join('\n', failures)}");
    }

    [NativePendingTheory]
    [Trait("Category", "NativePending")]
    [MemberData(nameof(NativePending.PendingCaseIds), MemberType = typeof(NativePending))]
    public async Task A_native_pending_case_matches_AquaVM(string caseId)
    {
        Assert.True(fixture.Native is not null, fixture.NativeUnavailable);

        var differences = await CompareAsync(caseId);

        Assert.True(differences.Count == 0, $"{caseId} (pending: {NativePending.Reason(caseId)}):\n{string.Join('\n', differences)}");
    }

    [Fact]
    public void The_pending_list_names_only_known_cases()
    {
        var known = DifferentialCases.CaseIds.ToHashSet();
        Assert.All(NativePending.Cases.Keys, c => Assert.True(c == "*" || known.Contains(c), $"'{c}' is not a case of the differential suite"));
    }

    private async Task<IReadOnlyList<string>> CompareAsync(string caseId)
    {
        var at = caseId.LastIndexOf('@');
        var (name, network) = (caseId[..at], caseId[(at + 1)..]);
        var scenario = DifferentialCases.Scenario(name);
        var expected = AquaVmRuns.GetOrAdd(name, _ => RunAsync(new ScenarioRunner(fixture.AquaVm), scenario).GetAwaiter().GetResult());
        var runner = new ScenarioRunner(DifferentialCases.Assignment(network, scenario.Peers, fixture.Native!, fixture.AquaVm));
        JsonObject actual;
        try
        {
            actual = await RunAsync(runner, scenario);
        }
        catch (ScenarioRunException ex)
        {
            return [$"the run failed after {ex.Steps.Count} invocations: {ex.Message}"];
        }
        return ScenarioReportComparer.Differences(expected, actual, DifferentialFixture.Decode);
    }

    private static async Task<JsonObject> RunAsync(ScenarioRunner runner, AirScenario scenario) =>
        ScenarioReportJson.ToJson(await runner.RunAsync(scenario, CancellationToken.None));
}
