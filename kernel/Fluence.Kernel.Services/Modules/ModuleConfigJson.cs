using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Services.Modules;

/// <summary>
/// Marine's named module config as JSON (<c>{name, logger_enabled?, logging_mask?, wasi: {envs?, mapped_dirs?},
/// mounted_binaries?}</c>, what <c>dist.make_module_config</c> returns). Reading is lenient as AIR values are: an
/// optional field may be a value or an Aqua option (array of 0/1 elements); a table may be an object or
/// <c>[[key, value]]</c> pairs.
/// </summary>
public static class ModuleConfigJson
{
    public static JsonObject ToJson(ModuleConfig config)
    {
        var json = new JsonObject { ["name"] = config.Name, ["logger_enabled"] = config.LoggerEnabled };
        if (config.LoggingMask != int.MaxValue)
            json["logging_mask"] = config.LoggingMask;
        var wasi = new JsonObject();
        if (config.Envs.Count > 0)
            wasi["envs"] = Table(config.Envs);
        if (config.MappedDirs.Count > 0)
            wasi["mapped_dirs"] = Table(config.MappedDirs);
        if (wasi.Count > 0)
            json["wasi"] = wasi;
        if (config.MountedBinaries.Count > 0)
            json["mounted_binaries"] = Table(config.MountedBinaries);
        return json;
    }

    public static ModuleConfig Parse(JsonNode? node)
    {
        if (Unwrap(node) is not JsonObject json)
            throw new ServiceException($"module config must be an object, was {Describe(node)}");
        if (Unwrap(json["name"]) is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || name.Length == 0)
            throw new ServiceException("module config lacks a non-empty 'name'");
        var wasi = Unwrap(json["wasi"]) as JsonObject;
        return new ModuleConfig
        {
            Name = name,
            LoggerEnabled = Unwrap(json["logger_enabled"]) is JsonValue logger ? Bool(logger, "logger_enabled") : true,
            LoggingMask = Unwrap(json["logging_mask"]) is JsonValue mask ? Int(mask, "logging_mask") : int.MaxValue,
            Envs = TableOf(wasi?["envs"], "wasi.envs"),
            MappedDirs = TableOf(wasi?["mapped_dirs"], "wasi.mapped_dirs"),
            MountedBinaries = TableOf(json["mounted_binaries"], "mounted_binaries"),
        };
    }

    /// <summary>An Aqua option: <c>[]</c> is absent, <c>[x]</c> is x; anything else is itself.</summary>
    internal static JsonNode? Unwrap(JsonNode? node) => node switch
    {
        JsonArray { Count: 0 } => null,
        JsonArray { Count: 1 } single when single[0] is not JsonArray => single[0],
        _ => node,
    };

    internal static IReadOnlyDictionary<string, string> TableOf(JsonNode? node, string field)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case null:
                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    table[key] = Text(value, $"{field}.{key}");
                break;
            case JsonArray { Count: 1 } option when option[0] is JsonObject || (option[0] is JsonArray inner && (inner.Count == 0 || inner[0] is JsonArray)):
                return TableOf(option[0], field);
            case JsonArray pairs:
                foreach (var pair in pairs)
                {
                    if (pair is not JsonArray { Count: 2 } kv)
                        throw new ServiceException($"{field} must be an object or a list of [key, value] pairs");
                    table[Text(kv[0], field)] = Text(kv[1], field);
                }
                break;
            default:
                throw new ServiceException($"{field} must be an object or a list of [key, value] pairs, was {Describe(node)}");
        }
        return table;
    }

    private static JsonObject Table(IReadOnlyDictionary<string, string> table) =>
        new(table.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    private static string Text(JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new ServiceException($"{field} must be a string, was {Describe(node)}");

    private static bool Bool(JsonValue value, string field) =>
        value.TryGetValue<bool>(out var b) ? b : throw new ServiceException($"{field} must be a bool, was {value.ToJsonString()}");

    private static int Int(JsonValue value, string field) =>
        value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var i) ? i
            : value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue ? (int)l
            : throw new ServiceException($"{field} must be an i32, was {value.ToJsonString()}");

    internal static string Describe(JsonNode? node) => node?.ToJsonString() ?? "null";
}
