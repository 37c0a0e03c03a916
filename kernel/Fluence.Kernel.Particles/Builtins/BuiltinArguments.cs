using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>
/// Positional JSON arguments of a builtin call, read in order like Nox's <c>Args</c>. A missing or mistyped
/// argument throws <see cref="BuiltinArgumentException"/> naming the argument.
/// </summary>
public sealed class BuiltinArguments(IReadOnlyList<JsonNode?> values)
{
    private int _next;

    public int Count => values.Count;

    public IReadOnlyList<JsonNode?> All => values;

    public JsonNode? Next(string name)
    {
        if (_next >= values.Count)
            throw new BuiltinArgumentException($"Missing argument '{name}' (argument #{_next})");
        return values[_next++];
    }

    /// <summary>An optional argument: absent, <c>null</c>, or an Aqua option (<c>[]</c> / <c>[x]</c>).</summary>
    public JsonNode? NextOptional(string name)
    {
        if (_next >= values.Count)
            return null;
        var value = values[_next++];
        if (value is JsonArray array)
        {
            return array.Count switch
            {
                0 => null,
                1 => array[0],
                _ => throw new BuiltinArgumentException($"Argument '{name}' is an option and holds {array.Count} values"),
            };
        }
        return value;
    }

    public string NextString(string name) => AsString(Next(name), name);

    public string? NextOptionalString(string name) => NextOptional(name) is { } v ? AsString(v, name) : null;

    public long NextInt64(string name) => AsInt64(Next(name), name);

    public ulong NextUInt64(string name) => AsUInt64(Next(name), name);

    public double NextDouble(string name) => AsDouble(Next(name), name);

    public bool? NextOptionalBool(string name) => NextOptional(name) is { } v ? AsBool(v, name) : null;

    public ulong? NextOptionalUInt64(string name) => NextOptional(name) is { } v ? AsUInt64(v, name) : null;

    public JsonArray NextArray(string name) =>
        Next(name) as JsonArray ?? throw new BuiltinArgumentException($"Argument '{name}' must be an array");

    public JsonObject NextObject(string name) =>
        Next(name) as JsonObject ?? throw new BuiltinArgumentException($"Argument '{name}' must be an object");

    public IReadOnlyList<JsonNode?> Rest()
    {
        var rest = values.Skip(_next).ToArray();
        _next = values.Count;
        return rest;
    }

    public static string AsString(JsonNode? value, string name) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new BuiltinArgumentException($"Argument '{name}' must be a string, got {Describe(value)}");

    public static long AsInt64(JsonNode? value, string name) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long result)
            ? result
            : value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && long.TryParse(n.ToJsonString(), out var parsed)
                ? parsed
                : throw new BuiltinArgumentException($"Argument '{name}' must be an integer, got {Describe(value)}");

    public static ulong AsUInt64(JsonNode? value, string name) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && ulong.TryParse(v.ToJsonString(), out var parsed)
            ? parsed
            : throw new BuiltinArgumentException($"Argument '{name}' must be an unsigned integer, got {Describe(value)}");

    public static double AsDouble(JsonNode? value, string name) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
            : throw new BuiltinArgumentException($"Argument '{name}' must be a number, got {Describe(value)}");

    public static bool AsBool(JsonNode? value, string name) =>
        value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw new BuiltinArgumentException($"Argument '{name}' must be a boolean, got {Describe(value)}");

    private static string Describe(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();
}
