using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;

namespace Fluence.Cli.Air;

/// <summary>The text report of <c>fluence air run</c>: peers, one block per invocation, captured results, final data.</summary>
internal static class AirRunReportWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task WriteAsync(TextWriter output, ScenarioReport report, IReadOnlyDictionary<string, string> interpreters,
        Func<ReadOnlyMemory<byte>, JsonNode?> decode)
    {
        await output.WriteLineAsync($"Particle '{report.Scenario.ParticleId}' from {report.Scenario.Init}, timestamp {report.Scenario.Timestamp}, ttl {report.Scenario.Ttl} ms");
        await output.WriteLineAsync("Peers:");
        foreach (var (name, id) in report.PeerIds)
            await output.WriteLineAsync($"  {name,-12} {id}  ({interpreters[name]})");
        await WriteStepsAsync(output, report.Steps);
        await output.WriteLineAsync($"Results ({report.Results.Count}):");
        foreach (var result in report.Results)
            await output.WriteLineAsync("  " + JsJson.Stringify(result));
        await output.WriteLineAsync("Final data:");
        foreach (var (name, data) in report.FinalData)
        {
            var json = ScenarioReportJson.Decode(decode, data);
            await output.WriteLineAsync($"  {name} ({data.Length} bytes):");
            await output.WriteLineAsync(json is null ? "    (none)" : Indent(json.ToJsonString(Indented), "    "));
        }
        if (report.Scenario.Expect is not null)
        {
            var failures = report.ExpectationFailures;
            await output.WriteLineAsync(failures.Count == 0 ? "Expectations: hold" : $"Expectations: {failures.Count} failed");
            foreach (var failure in failures)
                await output.WriteLineAsync("  " + failure);
        }
    }

    public static async Task WriteStepsAsync(TextWriter output, IReadOnlyList<ScenarioStep> steps)
    {
        await output.WriteLineAsync($"Invocations ({steps.Count}):");
        foreach (var step in steps)
        {
            var input = step.CurrentData.IsEmpty ? "" : $", {step.CurrentData.Length} bytes in";
            var results = step.CallResults.Count == 0 ? "" : $", {step.CallResults.Count} call result(s)";
            await output.WriteLineAsync($"  #{step.Index} {step.Peer} [{step.Interpreter}]{input}{results} → ret_code {step.RetCode}, " +
                                        $"{step.Data.Length} bytes, next [{string.Join(", ", step.NextPeers)}], {step.CallRequests.Count} call request(s), " +
                                        $"{step.Elapsed.TotalMilliseconds:0.###} ms");
            foreach (var (id, result) in step.CallResults)
                await output.WriteLineAsync($"      result {id}: ret_code {result.RetCode} {result.Result}");
            if (step.ErrorMessage.Length > 0)
                await output.WriteLineAsync(Indent("error: " + step.ErrorMessage.TrimEnd(), "      "));
            foreach (var (id, request) in step.CallRequests)
            {
                var arguments = JsJson.Stringify(new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray()));
                await output.WriteLineAsync($"      call {id}: (\"{request.ServiceId}\" \"{request.FunctionName}\") {arguments}");
            }
        }
    }

    private static string Indent(string text, string prefix) => prefix + text.ReplaceLineEndings("\n" + prefix);
}
