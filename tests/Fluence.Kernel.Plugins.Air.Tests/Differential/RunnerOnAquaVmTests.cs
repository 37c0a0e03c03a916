using Fluence.Kernel.AirScenarios;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// The C# scenario runner on the AquaVM plugin (avm.wasm on Wasmtime) against the oracle's own simulator in Node on
/// the same avm.wasm: same invocations, call requests, next peers, error texts, results and decoded data at every
/// step. This proves the runner (and the plugin), so the native-vs-AquaVM comparisons stand on it. Scenarios whose
/// call results arrive split are left out: the oracle batches them (the runner's split feeding has its own tests).
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class RunnerOnAquaVmTests(DifferentialFixture fixture)
{
    [Theory]
    [MemberData(nameof(DifferentialCases.OracleScenarioNames), MemberType = typeof(DifferentialCases))]
    public async Task The_runner_on_the_AquaVM_plugin_reproduces_the_Node_oracle(string scenario)
    {
        var oracle = fixture.Oracle.Run(DifferentialCases.Scenarios[scenario]);
        var report = await new ScenarioRunner(fixture.AquaVm).RunAsync(DifferentialCases.Scenario(scenario), CancellationToken.None);

        var differences = ScenarioReportComparer.Differences(oracle.Json, ScenarioReportJson.ToJson(report), DifferentialFixture.Decode);

        Assert.True(differences.Count == 0, $"{scenario}: the runner differs from the oracle:\n{string.Join('\n', differences)}");
        Assert.NotEmpty(report.Steps);
    }

    [Theory]
    [MemberData(nameof(DifferentialCases.HandWrittenWithExpectations), MemberType = typeof(DifferentialCases))]
    public async Task A_hand_written_scenario_returns_what_it_expects_on_AquaVM(string scenario)
    {
        var report = await new ScenarioRunner(fixture.AquaVm).RunAsync(DifferentialCases.Scenario(scenario), CancellationToken.None);

        Assert.Empty(report.ExpectationFailures);
    }
}
