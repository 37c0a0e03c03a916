using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Tests.Oracle;

/// <summary>The oracle's report of one simulated particle: every invocation with its input and output data.</summary>
public sealed class OracleRun(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public IReadOnlyList<JsonObject> Steps => Json["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();

    /// <summary>Every data blob AquaVM produced (non-empty outcome data of every step), in step order.</summary>
    public IEnumerable<byte[]> ProducedData =>
        Steps.Select(s => Convert.FromBase64String(s["data"]!.GetValue<string>())).Where(d => d.Length > 0);

    public string PeerId(string name) => Json["peers"]![name]!["peerId"]!.GetValue<string>();

    public string ParticleId { get; init; } = "particle-1";
}
