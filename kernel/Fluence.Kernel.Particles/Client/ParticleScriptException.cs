using System.Text.Json.Nodes;

namespace Fluence.Kernel.Particles.Client;

/// <summary>The script reported an error through <c>errorHandlingSrv.error</c> (what js-client rejects the call with).</summary>
public sealed class ParticleScriptException(JsonNode? error)
    : Exception($"the script failed: {error?.ToJsonString() ?? "null"}")
{
    public JsonNode? Error { get; } = error;
}
