using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>The scenario's <c>expect</c>: today the captured <c>results</c>, compared as JSON values.</summary>
public sealed record ScenarioExpectation(JsonArray? Results)
{
    /// <exception cref="AirScenarioException"/>
    public static ScenarioExpectation FromJson(JsonObject expect)
    {
        foreach (var (key, _) in expect)
        {
            if (key != "results")
                throw new AirScenarioException($"unknown expectation '{key}' (known: results)");
        }
        return expect["results"] switch
        {
            null => new ScenarioExpectation((JsonArray?)null),
            JsonArray results => new ScenarioExpectation((JsonArray)results.DeepClone()),
            var other => throw new AirScenarioException($"'expect.results' must be an array, not {other.ToJsonString()}"),
        };
    }

    /// <summary>What does not hold in <paramref name="report"/>; empty when everything does.</summary>
    public IReadOnlyList<string> Check(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failures = new List<string>();
        if (Results is not null)
        {
            var actual = new JsonArray(report.Results.Select(r => r?.DeepClone()).ToArray());
            if (!JsonEquality.Equal(Results, actual))
                failures.Add($"results: expected {JsJson.Stringify(Results)}, got {JsJson.Stringify(actual)}");
        }
        return failures;
    }
}
