using System.Text.Json.Nodes;

namespace Fluence.Kernel.Services.AppServices;

/// <summary>A service created from a blueprint in a scope (the host or a worker): the <c>Service</c> of <c>srv.list</c>/<c>srv.info</c>.</summary>
/// <param name="Scope">The peer id the service lives under: the host or the worker (Nox's <c>worker_id</c>).</param>
public sealed record AppServiceInfo(string Id, string BlueprintId, string OwnerId, string Scope, IReadOnlyList<string> Aliases)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["blueprint_id"] = BlueprintId,
        ["service_type"] = "service",
        ["owner_id"] = OwnerId,
        ["aliases"] = new JsonArray(Aliases.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["worker_id"] = Scope,
    };

    internal static AppServiceInfo FromJson(JsonNode node) => new(
        node["id"]!.GetValue<string>(),
        node["blueprint_id"]!.GetValue<string>(),
        node["owner_id"]!.GetValue<string>(),
        node["worker_id"]!.GetValue<string>(),
        node["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray());
}
