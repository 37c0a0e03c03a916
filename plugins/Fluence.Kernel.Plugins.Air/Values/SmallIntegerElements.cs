using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// Parsed JSON elements of the integers 0 to 1023 (fold indices, counters, the usual small call arguments), made once
/// per process: a host argument that is one of them is a node over its element, the node parsing its text would
/// give, without writing and parsing that text. Elements are immutable and their document is never disposed.
/// </summary>
internal static class SmallIntegerElements
{
    public const int Count = 1024;

    private static readonly JsonElement[] Elements = Parse();

    private static JsonElement[] Parse()
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < Count; i++)
            text.Append(i == 0 ? "" : ",").Append(i);
        var array = JsonElement.Parse(text.Append(']').ToString());
        var elements = new JsonElement[Count];
        for (var i = 0; i < Count; i++)
            elements[i] = array[i];
        return elements;
    }

    /// <summary>
    /// A new node over the element of <paramref name="value"/>'s integer when it is a number below <see cref="Count"/>
    /// that serde_json writes as its digits (an unsigned integer), else false.
    /// </summary>
    public static bool TryCreateNode(JsonValue value, out JsonNode? node)
    {
        if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<ulong>(out var integer) && integer < Count)
        {
            node = JsonValue.Create(Elements[integer]);
            return true;
        }
        node = null;
        return false;
    }
}
