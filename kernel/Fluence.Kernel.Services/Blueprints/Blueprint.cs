using System.Text.Json.Nodes;
using Fluence.Kernel.Content;

namespace Fluence.Kernel.Services.Blueprints;

/// <summary>
/// A recipe for a service: a name and module CIDs in load order; the last one is the facade.
/// <see cref="Id"/> is the raw sha2-256 CID of the blueprint's DAG-JSON encoding.
/// </summary>
public sealed record Blueprint(string Id, string Name, IReadOnlyList<Cid> Dependencies)
{
    public Cid Facade => Dependencies[^1];

    /// <summary>The shape of <c>dist.list_blueprints</c> / <c>dist.get_blueprint</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["id"] = Id,
        ["dependencies"] = new JsonArray(Dependencies.Select(d => (JsonNode)JsonValue.Create(d.ToString())!).ToArray()),
    };

    public static Blueprint Create(string name, IReadOnlyList<Cid> dependencies)
    {
        var encoded = BlueprintCodec.Encode(name, dependencies);
        return new Blueprint(Cid.RawSha256(encoded).ToString(), name, dependencies);
    }
}
