using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// serde_json's equality of two values, for the one case where it differs from equality of their serde_json texts: f64s
/// compare as numbers, so <c>-0.0</c> equals <c>0.0</c> (an integer never equals a float: <c>0</c> is not <c>0.0</c>).
/// Verified against avm.wasm with match and mismatch (Scenarios/campaign-values/negative-zero-match).
/// </summary>
internal static class SerdeJsonEquality
{
    /// <summary>Whether values whose texts differ may still be equal: only if a negative zero is written in one.</summary>
    public static bool MayEqualDespiteText(string a, string b) => a.Contains("-0.0", StringComparison.Ordinal) || b.Contains("-0.0", StringComparison.Ordinal);

    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        switch (a)
        {
            case JsonArray left:
                if (b is not JsonArray right || left.Count != right.Count)
                    return false;
                for (var i = 0; i < left.Count; i++)
                {
                    if (!Equal(left[i], right[i]))
                        return false;
                }
                return true;
            case JsonObject leftObject:
                if (b is not JsonObject rightObject || leftObject.Count != rightObject.Count)
                    return false;
                foreach (var (key, value) in leftObject)
                {
                    if (!rightObject.TryGetPropertyValue(key, out var other) || !Equal(value, other))
                        return false;
                }
                return true;
            case JsonValue number when number.TryGetValue<double>(out var f):
                return b is JsonValue rightNumber && rightNumber.TryGetValue<double>(out var g) && f == g;
            default:
                return b is not (JsonArray or JsonObject) && AirJson.Serialize(a) == AirJson.Serialize(b);
        }
    }
}
