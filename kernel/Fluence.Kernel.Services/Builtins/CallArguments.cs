using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Services.Modules;

namespace Fluence.Kernel.Services.Builtins;

/// <summary>Positional arguments of a builtin call, read in order with Nox's error messages for missing or mistyped ones.</summary>
internal sealed class CallArguments(IReadOnlyList<JsonNode?> arguments)
{
    private int _next;

    public string NextString(string name) =>
        Next(name) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(name, "a string");

    public JsonNode? NextValue(string name) => Next(name);

    public IReadOnlyList<string> NextStrings(string name)
    {
        if (Next(name) is not JsonArray array)
            throw Invalid(name, "an array of strings");
        return array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(name, "an array of strings")).ToArray();
    }

    /// <summary>An optional argument: absent, null, <c>[]</c> → null; <c>[x]</c> → x; x → x.</summary>
    public JsonNode? NextOptional(string name)
    {
        if (_next >= arguments.Count)
            return null;
        _next++;
        return ModuleConfigJson.Unwrap(arguments[_next - 1]);
    }

    private JsonNode? Next(string name)
    {
        if (_next >= arguments.Count)
            throw new ServiceException($"Missing argument '{name}' (#{_next})");
        return arguments[_next++];
    }

    private ServiceException Invalid(string name, string expected) =>
        new($"Argument '{name}' (#{_next - 1}) must be {expected}, was {ModuleConfigJson.Describe(arguments[_next - 1])}");
}
