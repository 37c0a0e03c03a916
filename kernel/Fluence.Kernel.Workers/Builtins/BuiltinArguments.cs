using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>Positional argument access for builtins, failing with the argument's name (Nox's <c>Args::next</c>).</summary>
internal static class BuiltinArguments
{
    public static JsonNode? Required(this ServiceCall call, int index, string name)
    {
        if (index >= call.Arguments.Count)
            throw new BuiltinArgumentException($"argument '{name}' is missing ({call.ServiceId}.{call.FunctionName} takes it at position {index}, got {call.Arguments.Count} arguments)");
        return call.Arguments[index];
    }

    public static string RequiredString(this ServiceCall call, int index, string name)
    {
        var node = call.Required(index, name);
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return value.GetValue<string>();
        throw new BuiltinArgumentException($"argument '{name}' must be a string, got {Describe(node)}");
    }

    public static uint RequiredU32(this ServiceCall call, int index, string name)
    {
        var node = call.Required(index, name);
        if (JsonNumbers.TryGetInteger(node, out var number) && number is >= 0 and <= uint.MaxValue)
            return (uint)number;
        throw new BuiltinArgumentException($"argument '{name}' must be a u32, got {Describe(node)}");
    }

    public static ulong RequiredU64(this ServiceCall call, int index, string name)
    {
        var node = call.Required(index, name);
        if (JsonNumbers.TryGetUnsigned(node, out var number))
            return number;
        throw new BuiltinArgumentException($"argument '{name}' must be a u64, got {Describe(node)}");
    }

    /// <summary>An Aqua option: absent, null, <c>[]</c> or <c>[x]</c>; a bare value is accepted too.</summary>
    public static JsonNode? Optional(this ServiceCall call, int index, string name)
    {
        if (index >= call.Arguments.Count)
            return null;
        var node = call.Arguments[index];
        if (node is JsonArray array)
        {
            return array.Count switch
            {
                0 => null,
                1 => array[0],
                _ => throw new BuiltinArgumentException($"argument '{name}' is an option: expected at most one element, got {array.Count}"),
            };
        }
        return node;
    }

    public static string? OptionalString(this ServiceCall call, int index, string name)
    {
        var node = call.Optional(index, name);
        if (node is null)
            return null;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            return value.GetValue<string>();
        throw new BuiltinArgumentException($"argument '{name}' must be a string option, got {Describe(node)}");
    }

    public static string Describe(JsonNode? node)
    {
        if (node is null)
            return "null";
        var text = node.ToJsonString();
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}

/// <summary>A builtin call with arguments of the wrong number or shape; becomes a call error.</summary>
internal sealed class BuiltinArgumentException(string message) : Exception(message);
