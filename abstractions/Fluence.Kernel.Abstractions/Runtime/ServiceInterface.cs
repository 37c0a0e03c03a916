using System.Text.Json.Nodes;

namespace Fluence.Kernel.Runtime;

/// <summary>The callable surface of a service (its facade module): what <c>srv.get_interface</c> returns.</summary>
public sealed record ServiceInterface(IReadOnlyList<ItFunctionSignature> Functions, IReadOnlyList<ItRecordType> Records)
{
    /// <summary>
    /// The JSON of <c>srv.get_interface</c> / <c>dist.get_module_interface</c>:
    /// <c>{function_signatures: [{name, arguments: [[name, type]], output_types: [type]}], record_types: [{name, id, fields: [[name, type]]}]}</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        var names = Records.ToDictionary(r => r.Id, r => r.Name);
        string Name(ItType t) => t.ToDisplayString(id => names.TryGetValue(id, out var n) ? n : $"record#{id}");
        JsonArray Pairs(IEnumerable<ItField> fields) => new(fields.Select(f => (JsonNode)new JsonArray(f.Name, Name(f.Type))).ToArray());
        return new JsonObject
        {
            ["function_signatures"] = new JsonArray(Functions.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name,
                ["arguments"] = Pairs(f.Arguments),
                ["output_types"] = new JsonArray(f.Outputs.Select(o => (JsonNode)JsonValue.Create(Name(o))).ToArray()),
            }).ToArray()),
            ["record_types"] = new JsonArray(Records.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["id"] = r.Id,
                ["fields"] = Pairs(r.Fields),
            }).ToArray()),
        };
    }
}
