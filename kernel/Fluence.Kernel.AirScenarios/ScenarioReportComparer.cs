using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// Compares two runs of one scenario in their JSON form (<see cref="ScenarioReportJson"/>, or the oracle's
/// <c>run</c> answer): per step the peer, call results fed in, ret_code, error message, next peers, call requests
/// (arguments and tetraplets) and the produced data decoded to its semantic form; then the captured results and
/// every peer's final data, decoded. Data bytes themselves are not compared: AquaVM's layout depends on hash-map
/// seeding (aquavm.md §5), its content does not.
/// </summary>
public static class ScenarioReportComparer
{
    private static readonly string[] StepFields = ["peer", "callResults", "retCode", "nextPeers", "callRequests"];

    /// <param name="decode">Particle data → semantic JSON (e.g. the native plugin's InterpreterDataJson).</param>
    /// <param name="compareErrorMessages">Also compare the outcomes' error texts.</param>
    /// <param name="compareParseErrorMessages">Also compare the texts of parse errors, where both runs failed to parse the
    /// script (campaigns leave them out: AquaVM orders several validation errors of one script differently from run to
    /// run, and another interpreter may word a parse error its own way while agreeing on its code).</param>
    /// <returns>One line per difference (at most <paramref name="limit"/>); empty when the runs agree.</returns>
    public static IReadOnlyList<string> Differences(JsonObject expected, JsonObject actual, Func<ReadOnlyMemory<byte>, JsonNode?> decode,
        bool compareErrorMessages = true, bool compareParseErrorMessages = true, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(decode);
        var differences = new List<string>();
        void Add(string? difference)
        {
            if (difference is not null && differences.Count < limit)
                differences.Add(difference);
        }

        var stepsA = expected["steps"]!.AsArray();
        var stepsB = actual["steps"]!.AsArray();
        for (int i = 0; i < Math.Min(stepsA.Count, stepsB.Count); i++)
        {
            var a = stepsA[i]!.AsObject();
            var b = stepsB[i]!.AsObject();
            var label = $"step {i + 1} ({a["peer"]})";
            foreach (var field in StepFields)
                Add(Prefixed(label, JsonEquality.Difference(a[field], b[field], field)));
            if (compareErrorMessages && (compareParseErrorMessages || !(IsParseError(a) && IsParseError(b))))
                Add(Prefixed(label, JsonEquality.Difference(CanonicalMessage(a["errorMessage"]), CanonicalMessage(b["errorMessage"]), "errorMessage")));
            Add(Prefixed(label, JsonEquality.Difference(DecodeBase64(decode, a["data"]), DecodeBase64(decode, b["data"]), "data")));
        }
        if (stepsA.Count != stepsB.Count)
            Add($"steps: {stepsA.Count} vs {stepsB.Count} invocations");
        Add(JsonEquality.Difference(expected["results"], actual["results"], "results"));
        var finalA = expected["finalData"]!.AsObject();
        var finalB = actual["finalData"]!.AsObject();
        foreach (var (peer, data) in finalA)
            Add(JsonEquality.Difference(DecodeBase64(decode, data), DecodeBase64(decode, finalB[peer]), $"finalData.{peer}"));
        return differences;
    }

    // AquaVM's parse and validation errors (aquavm.md §1.7: ret code 1, "air can't be parsed: …").
    private static bool IsParseError(JsonObject step) =>
        step["retCode"]?.ToJsonString() == "1" && step["errorMessage"]?.GetValue<string>().StartsWith(ParseErrorPrefix, StringComparison.Ordinal) == true;

    private const string ParseErrorPrefix = "air can't be parsed:";

    private static JsonNode? CanonicalMessage(JsonNode? message) =>
        message?.GetValueKind() == System.Text.Json.JsonValueKind.String ? JsonValue.Create(UnprocessedCallResultsText.Canonical(message.GetValue<string>())) : message;

    private static string? Prefixed(string label, string? difference) => difference is null ? null : $"{label}: {difference}";

    private static JsonNode? DecodeBase64(Func<ReadOnlyMemory<byte>, JsonNode?> decode, JsonNode? base64) =>
        base64 is null ? null : ScenarioReportJson.Decode(decode, Convert.FromBase64String(base64.GetValue<string>()));
}
