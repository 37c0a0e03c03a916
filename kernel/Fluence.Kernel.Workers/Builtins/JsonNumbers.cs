using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// Integer reads that work for every JsonValue: parsed ones (backed by a JsonElement) and ones built from CLR
/// numbers, whose TryGetValue only answers their exact type.
/// </summary>
internal static class JsonNumbers
{
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
            return false;
        if (json.TryGetValue<JsonElement>(out var element))
            return element.TryGetInt64(out value) || (element.TryGetDouble(out var d) && IsWhole(d, out value));
        if (json.TryGetValue<long>(out value)) return true;
        if (json.TryGetValue<int>(out var i)) { value = i; return true; }
        if (json.TryGetValue<uint>(out var u)) { value = u; return true; }
        if (json.TryGetValue<short>(out var s)) { value = s; return true; }
        if (json.TryGetValue<ushort>(out var us)) { value = us; return true; }
        if (json.TryGetValue<byte>(out var b)) { value = b; return true; }
        if (json.TryGetValue<sbyte>(out var sb)) { value = sb; return true; }
        if (json.TryGetValue<ulong>(out var ul) && ul <= long.MaxValue) { value = (long)ul; return true; }
        if (json.TryGetValue<double>(out var dbl)) return IsWhole(dbl, out value);
        if (json.TryGetValue<decimal>(out var dec) && dec == Math.Floor(dec) && dec is >= long.MinValue and <= long.MaxValue) { value = (long)dec; return true; }
        return false;
    }

    public static bool TryGetUnsigned(JsonNode? node, out ulong value)
    {
        value = 0;
        if (node is JsonValue json && json.TryGetValue<JsonElement>(out var element) && element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out value))
            return true;
        if (node is JsonValue clr && clr.TryGetValue<ulong>(out value))
            return true;
        if (TryGetInteger(node, out var signed) && signed >= 0)
        {
            value = (ulong)signed;
            return true;
        }
        return false;
    }

    private static bool IsWhole(double d, out long value)
    {
        value = 0;
        if (double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            value = (long)d;
            return true;
        }
        return false;
    }
}
