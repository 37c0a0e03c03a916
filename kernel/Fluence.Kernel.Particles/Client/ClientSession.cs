using System.Text.Json.Nodes;

namespace Fluence.Kernel.Particles.Client;

/// <summary>The per-particle handlers of one call: the values <c>getDataSrv</c> serves and the pending result.</summary>
internal sealed class ClientSession(IReadOnlyDictionary<string, JsonNode?> data)
{
    public IReadOnlyDictionary<string, JsonNode?> Data { get; } = data;

    public TaskCompletionSource<JsonNode?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
