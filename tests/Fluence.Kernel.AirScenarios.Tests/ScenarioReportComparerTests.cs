using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios.Tests;

public sealed class ScenarioReportComparerTests
{
    // Stands in for the data codec: the "semantic form" of the bytes is their text.
    private static JsonNode? Decode(ReadOnlyMemory<byte> data) => JsonValue.Create(System.Text.Encoding.UTF8.GetString(data.Span));

    private static string B64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));

    private static JsonObject Run(string data = "d", string service = "op", string error = "", string final = "f", int retCode = 0) => new()
    {
        ["steps"] = new JsonArray(new JsonObject
        {
            ["peer"] = "client", ["callResults"] = new JsonArray(), ["retCode"] = retCode, ["errorMessage"] = error, ["nextPeers"] = new JsonArray("A"),
            ["callRequests"] = new JsonArray(new JsonObject { ["id"] = 1, ["serviceId"] = service }), ["data"] = B64(data),
        }),
        ["results"] = new JsonArray(1),
        ["finalData"] = new JsonObject { ["client"] = B64(final) },
    };

    [Fact]
    public void Identical_runs_have_no_differences() => Assert.Empty(ScenarioReportComparer.Differences(Run(), Run(), Decode));

    [Fact]
    public void Differences_name_the_step_and_the_field()
    {
        var differences = ScenarioReportComparer.Differences(Run(), Run(data: "other", service: "svc", final: "g"), Decode);

        Assert.Equal([
            "step 1 (client): callRequests[0].serviceId: \"op\" vs \"svc\"",
            "step 1 (client): data: \"d\" vs \"other\"",
            "finalData.client: \"f\" vs \"g\"",
        ], differences);
    }

    [Fact]
    public void Error_texts_are_compared_only_when_asked()
    {
        Assert.Empty(ScenarioReportComparer.Differences(Run(error: "a"), Run(error: "b"), Decode, compareErrorMessages: false));
        Assert.Single(ScenarioReportComparer.Differences(Run(error: "a"), Run(error: "b"), Decode));
    }

    [Fact]
    public void Parse_error_texts_can_be_left_out_of_an_error_text_comparison()
    {
        var parseA = Run(error: "air can't be parsed: a", retCode: 1);
        var parseB = Run(error: "air can't be parsed: b", retCode: 1);

        Assert.Empty(ScenarioReportComparer.Differences(parseA, parseB, Decode, compareParseErrorMessages: false));
        Assert.Single(ScenarioReportComparer.Differences(parseA, parseB, Decode));
        Assert.Single(ScenarioReportComparer.Differences(Run(error: "a", retCode: 20000), Run(error: "b", retCode: 20000), Decode, compareParseErrorMessages: false));
        Assert.Single(ScenarioReportComparer.Differences(parseA, Run(error: "other", retCode: 1), Decode, compareParseErrorMessages: false));
    }
}
