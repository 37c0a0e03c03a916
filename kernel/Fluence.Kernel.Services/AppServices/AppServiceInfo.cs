using System.Text.Json.Nodes;

namespace Fluence.Kernel.Services.AppServices;

/// <summary>A service of a scope (the host or a worker): the <c>Service</c> of <c>srv.list</c>/<c>srv.info</c>.</summary>
/// <param name="Scope">The peer id the service lives under: the host or the worker (Nox's <c>worker_id</c>).</param>
/// <param name="ServiceType"><see cref="ServiceKind"/> for one created from a blueprint, <see cref="SpellKind"/> for a spell.</param>
public sealed record AppServiceInfo(string Id, string BlueprintId, string OwnerId, string Scope, IReadOnlyList<string> Aliases, string ServiceType = AppServiceInfo.ServiceKind)
{
    public const string ServiceKind = "service";
    public const string SpellKind = "spell";

    public bool IsSpell => ServiceType == SpellKind;

    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["blueprint_id"] = BlueprintId,
        ["service_type"] = ServiceType,
        ["owner_id"] = OwnerId,
        ["aliases"] = new JsonArray(Aliases.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
        ["worker_id"] = Scope,
    };

    /// <summary>Reads a persisted record; null when a field is missing or of the wrong type.</summary>
    internal static AppServiceInfo? TryFromJson(JsonNode? node)
    {
        if (node is not JsonObject obj || obj["aliases"] is not JsonArray aliases)
            return null;
        string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var names = aliases.Select(Text).ToArray();
        if (Text(obj["id"]) is not { } id || Text(obj["blueprint_id"]) is not { } blueprint || Text(obj["owner_id"]) is not { } owner
            || Text(obj["worker_id"]) is not { } scope || names.Any(a => a is null))
            return null;
        return new AppServiceInfo(id, blueprint, owner, scope, names!);
    }
}
