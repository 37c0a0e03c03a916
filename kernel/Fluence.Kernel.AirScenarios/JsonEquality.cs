using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// JSON values compared as values: object members in any order, numbers by their value (<c>2</c> = <c>2.0</c>,
/// integers exactly), strings ordinally.
/// </summary>
public static class JsonEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b) => Difference(a, b, "$") is null;

    /// <summary>The path and values of the first difference, or null when the two are equal.</summary>
    public static string? Difference(JsonNode? a, JsonNode? b, string path = "$")
    {
        var kindA = KindOf(a);
        var kindB = KindOf(b);
        if (kindA != kindB && !(IsBoolean(kindA) && IsBoolean(kindB)))
            return $"{path}: {Show(a)} vs {Show(b)}";
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                foreach (var (key, value) in x)
                {
                    if (!y.TryGetPropertyValue(key, out var other))
                        return $"{path}.{key}: {Show(value)} vs (missing)";
                    if (Difference(value, other, $"{path}.{key}") is { } inner)
                        return inner;
                }
                foreach (var (key, value) in y)
                {
                    if (!x.ContainsKey(key))
                        return $"{path}.{key}: (missing) vs {Show(value)}";
                }
                return null;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                    return $"{path}: {x.Count} elements vs {y.Count} ({Show(x)} vs {Show(y)})";
                for (int i = 0; i < x.Count; i++)
                {
                    if (Difference(x[i], y[i], $"{path}[{i}]") is { } inner)
                        return inner;
                }
                return null;
            case (JsonValue x, JsonValue y):
                var same = kindA switch
                {
                    JsonValueKind.String => x.GetValue<string>() == y.GetValue<string>(),
                    JsonValueKind.Number => NumbersEqual(x, y),
                    _ => kindA == kindB,
                };
                return same ? null : $"{path}: {Show(a)} vs {Show(b)}";
            default:
                return null; // both null
        }
    }

    private static bool NumbersEqual(JsonValue x, JsonValue y)
    {
        var tx = JsJson.Stringify(x);
        var ty = JsJson.Stringify(y);
        if (tx == ty)
            return true;
        if (BigInteger.TryParse(tx, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ix) &&
            BigInteger.TryParse(ty, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var iy))
            return ix == iy;
        return double.Parse(tx, CultureInfo.InvariantCulture) == double.Parse(ty, CultureInfo.InvariantCulture);
    }

    private static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static bool IsBoolean(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False;

    private static string Show(JsonNode? node)
    {
        var text = JsJson.Stringify(node);
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
