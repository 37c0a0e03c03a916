using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// Applies a lambda to a value (aquavm.md §1.1, §1.5): <c>.length</c> counts an array (10010 otherwise); accessors
/// select object fields and array elements, <c>.[name]</c> taking a field (string) or an index (a number that fits a
/// u32) from a scalar; anything missing or of the wrong kind is a catchable LambdaApplierError (10007). The error texts
/// are AquaVM's (verified against avm.wasm): they reach services through <c>:error:</c>, so they are part of what a
/// particle carries. A canon stream's first accessor has its own texts (<see cref="ApplyToCanon"/>).
/// </summary>
public static class LambdaEvaluator
{
    public static JsonNode? Apply(JsonNode? value, AirLambda lambda, Func<string, JsonNode?> scalar)
    {
        if (lambda is LengthFunctor)
        {
            return value is JsonArray array
                ? JsonValue.Create((ulong)array.Count)
                : throw new AirValueException(AirErrorCodes.LengthFunctorAppliedToNotArray,
                    $"the length functor could applied only to an array-like value, but it's applied to '{AirJson.Serialize(value)}'");
        }
        return ApplyAccessors(value, ((AccessorLambda)lambda).Accessors, 0, scalar);
    }

    /// <summary>
    /// A lambda on a canon stream's values (or on the values a canon map holds for one key): the first accessor picks an
    /// element by index only, with AquaVM's stream texts; the accessors after it apply to that element as to a scalar.
    /// </summary>
    public static JsonNode? ApplyToCanon(JsonArray values, AirLambda lambda, Func<string, JsonNode?> scalar, int first = 0)
    {
        if (lambda is LengthFunctor)
            return JsonValue.Create((ulong)values.Count);
        var accessors = ((AccessorLambda)lambda).Accessors;
        if (first >= accessors.Count)
            return values;
        ulong index = accessors[first] switch
        {
            IndexAccessor i => i.Index,
            FieldAccessor f => throw Error($"field accessor (with field name = '{f.Field}') can't be applied to a stream"),
            ScalarAccessor s => scalar(s.ScalarName) is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number
                ? U32Index(number)
                : throw Error($"stream accessor `{AirJson.Serialize(scalar(s.ScalarName))}` should has number (u32) type"),
            _ => throw new ArgumentOutOfRangeException(nameof(lambda)),
        };
        if (index >= (ulong)values.Count)
            throw Error($"lambda is applied to a stream that have only '{values.Count}' elements, but '{index}' requested");
        return ApplyAccessors(values[(int)index]?.DeepClone(), accessors, first + 1, scalar);
    }

    private static JsonNode? ApplyAccessors(JsonNode? value, IReadOnlyList<LambdaAccessor> accessors, int from, Func<string, JsonNode?> scalar)
    {
        for (var i = from; i < accessors.Count; i++)
        {
            value = accessors[i] switch
            {
                FieldAccessor field => Field(value, field.Field),
                IndexAccessor index => Index(value, index.Index),
                ScalarAccessor named => ByScalar(value, scalar(named.ScalarName)),
                _ => throw new ArgumentOutOfRangeException(nameof(accessors)),
            };
        }
        return value;
    }

    private static JsonNode? Field(JsonNode? value, string field)
    {
        if (value is not JsonObject obj)
            throw Error($"value '{AirJson.Serialize(value)}' is not an map-type to match field accessor with field_name = '{field}'");
        return obj.TryGetPropertyValue(field, out var found)
            ? found?.DeepClone()
            : throw Error($"value '{AirJson.Serialize(value)}' does not contain element with field name = '{field}'");
    }

    private static JsonNode? Index(JsonNode? value, ulong index)
    {
        if (value is not JsonArray array)
            throw Error($"value '{AirJson.Serialize(value)}' is not an array-type to match array accessor with idx = '{index}'");
        return index < (ulong)array.Count
            ? array[(int)index]?.DeepClone()
            : throw Error($"value '{AirJson.Serialize(value)}' does not contain element for idx = '{index}'");
    }

    // A string selects a field, a number an index (it must fit a u32: negative numbers, floats and larger integers fail
    // before the value is looked at); anything else fails.
    private static JsonNode? ByScalar(JsonNode? value, JsonNode? key)
    {
        if (key is JsonValue text && text.TryGetValue<string>(out var field))
            return Field(value, field);
        if (key is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            return Index(value, U32Index(number));
        throw Error($"scalar accessor `{AirJson.Serialize(key)}` should has number or string type");
    }

    private static ulong U32Index(JsonValue number) =>
        number.TryGetValue<ulong>(out var index) && index <= uint.MaxValue
            ? index
            : throw Error($"index accessor `{AirJson.Serialize(number)} can't be converted to u32`");

    private static AirValueException Error(string message) => new(AirErrorCodes.LambdaApplierError, message);
}
