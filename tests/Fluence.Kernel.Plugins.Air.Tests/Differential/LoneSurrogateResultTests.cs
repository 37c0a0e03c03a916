using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// A service result that is not well-formed UTF-16 (a .NET string holding lone surrogates, which no scenario file can
/// spell: the JSON loader refuses them) reaches AquaVM as UTF-8 with each lone surrogate replaced by U+FFFD. The
/// native interpreter must read, store, hash and quote it the same way, alone and in mixed networks.
/// </summary>
[Collection(DifferentialCollection.Name)]
public sealed class LoneSurrogateResultTests(DifferentialFixture fixture)
{
    [Theory]
    [InlineData("native")]
    [InlineData("mixed-native-first")]
    [InlineData("mixed-aquavm-first")]
    public async Task A_result_with_lone_surrogates_is_read_as_AquaVM_reads_it(string network)
    {
        Assert.True(fixture.Native is not null, fixture.NativeUnavailable);
        var expected = await RunAsync(new ScenarioRunner(fixture.AquaVm));

        var actual = await RunAsync(new ScenarioRunner(DifferentialCases.Assignment(network, ["client", "A"], fixture.Native!, fixture.AquaVm)));

        var differences = ScenarioReportComparer.Differences(expected, actual, DifferentialFixture.Decode);
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        Assert.Contains("a\uFFFDb", expected["results"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
    }

    private static async Task<JsonObject> RunAsync(ScenarioRunner runner) =>
        ScenarioReportJson.ToJson(await runner.RunAsync(AirScenario.FromJson(Scenario()), CancellationToken.None));

    // Strings built in code: "\ud800" here is one lone surrogate char, not an escape.
    private static JsonObject Scenario() => new()
    {
        ["air"] = "(seq (call %init_peer_id% (\"svc\" \"s\") [] s) (seq (call %init_peer_id% (\"svc\" \"o\") [] o) (seq (call \"{{A}}\" (\"op\" \"identity\") [s] sa) " +
                  "(seq (ap s $st) (seq (ap o.$.k $st) (seq (xor (call \"{{A}}\" (\"svc\" \"f\") [] z) (ap :error:.$.message $st)) " +
                  "(seq (canon \"{{A}}\" $st #cs) (call %init_peer_id% (\"cap\" \"final\") [s sa o #cs]))))))))",
        ["peers"] = new JsonArray("client", "A"),
        ["services"] = new JsonObject
        {
            ["svc.s"] = new JsonObject { ["raw"] = "\"a\ud800b\"" },
            ["svc.o"] = new JsonObject { ["raw"] = "{\"k\":[\"\udc00\"],\"\ud800\":1}" },
            ["svc.f"] = new JsonObject { ["raw"] = "\"x\ud800\"", ["ret_code"] = 3 },
            ["op.identity"] = "identity",
            ["cap.*"] = "capture",
        },
    };
}
