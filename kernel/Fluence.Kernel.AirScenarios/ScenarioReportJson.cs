using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// The machine-readable report: the fields of the oracle's <c>run</c> answer (<c>air</c>, <c>peers</c>, <c>steps</c>
/// with base64 data, <c>results</c>, <c>finalData</c>) plus which interpreter ran each step, its time, the final data
/// in semantic JSON (<c>finalDataDecoded</c>, when a decoder is given) and the expectation's verdict.
/// </summary>
public static class ScenarioReportJson
{
    /// <param name="decode">Particle data → its semantic JSON form (AquaVM's <c>to_human_readable_data</c>); null to omit.</param>
    public static JsonObject ToJson(ScenarioReport report, Func<ReadOnlyMemory<byte>, JsonNode?>? decode = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var json = new JsonObject
        {
            ["air"] = report.Air,
            ["peers"] = new JsonObject(report.PeerIds.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject
            {
                ["peerId"] = p.Value,
                ["seed"] = Convert.ToBase64String(ScenarioPeer.SeedOf(p.Key)),
            }))),
            ["steps"] = new JsonArray(report.Steps.Select(s => (JsonNode?)Step(s)).ToArray()),
            ["results"] = new JsonArray(report.Results.Select(r => r?.DeepClone()).ToArray()),
            ["finalData"] = new JsonObject(report.FinalData.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)Convert.ToBase64String(d.Value.Span)))),
        };
        if (decode is not null)
            json["finalDataDecoded"] = new JsonObject(report.FinalData.Select(d => KeyValuePair.Create(d.Key, Decode(decode, d.Value))));
        if (report.Scenario.Expect is not null)
        {
            var failures = report.ExpectationFailures;
            json["expect"] = new JsonObject
            {
                ["holds"] = failures.Count == 0,
                ["failures"] = new JsonArray(failures.Select(f => (JsonNode?)f).ToArray()),
            };
        }
        return json;
    }

    /// <summary>The semantic form of <paramref name="data"/>, null for empty data, or <c>{"error": …}</c> when it cannot be decoded.</summary>
    public static JsonNode? Decode(Func<ReadOnlyMemory<byte>, JsonNode?> decode, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(decode);
        if (data.IsEmpty)
            return null;
        try
        {
            return decode(data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new JsonObject { ["error"] = $"cannot decode the data: {ex.Message}" };
        }
    }

    public static JsonObject Step(ScenarioStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new JsonObject
        {
            ["peer"] = step.Peer,
            ["interpreter"] = step.Interpreter,
            ["prevData"] = Convert.ToBase64String(step.PrevData.Span),
            ["currentData"] = Convert.ToBase64String(step.CurrentData.Span),
            ["callResults"] = new JsonArray(step.CallResults.Select(r => (JsonNode?)new JsonObject
            {
                ["id"] = r.Key, ["retCode"] = r.Value.RetCode, ["result"] = r.Value.Result,
            }).ToArray()),
            ["retCode"] = step.RetCode,
            ["errorMessage"] = step.ErrorMessage,
            ["data"] = Convert.ToBase64String(step.Data.Span),
            ["nextPeers"] = new JsonArray(step.NextPeers.Select(p => (JsonNode?)p).ToArray()),
            ["callRequests"] = new JsonArray(step.CallRequests.Select(r => (JsonNode?)CallRequest(r.Key, r.Value)).ToArray()),
            ["elapsedMs"] = Math.Round(step.Elapsed.TotalMilliseconds, 3),
        };
    }

    public static JsonObject CallRequest(uint id, CallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new JsonObject
        {
            ["id"] = id,
            ["serviceId"] = request.ServiceId,
            ["functionName"] = request.FunctionName,
            ["arguments"] = new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray()),
            ["tetraplets"] = new JsonArray(request.Tetraplets.Select(list => (JsonNode?)new JsonArray(list.Select(t => (JsonNode?)new JsonObject
            {
                ["peer_pk"] = t.PeerPk, ["service_id"] = t.ServiceId, ["function_name"] = t.FunctionName, ["lens"] = t.Lens,
            }).ToArray())).ToArray()),
        };
    }
}
