using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// Applies a lambda to a value (aquavm.md §1.1, §1.5): <c>.length</c> counts an array (10010 otherwise); accessors
/// select object fields and array elements, <c>.[name]</c> taking a field (string) or an index (integer) from a scalar;
/// anything missing or of the wrong kind is a catchable LambdaApplierError (10007).
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
                    $"length functor applied to a value that is not an array: {AirJson.Serialize(value)}");
        }
        foreach (var accessor in ((AccessorLambda)lambda).Accessors)
        {
            value = accessor switch
            {
                FieldAccessor field => Field(value, field.Field),
                IndexAccessor index => Index(value, index.Index),
                ScalarAccessor named => ByScalar(value, named.ScalarName, scalar(named.ScalarName)),
                _ => throw new ArgumentOutOfRangeException(nameof(lambda)),
            };
        }
        return value;
    }

    private static JsonNode? Field(JsonNode? value, string field)
    {
        if (value is not JsonObject obj)
            throw Error($"field accessor '{field}' applied to a value that is not an object: {AirJson.Serialize(value)}");
        return obj.TryGetPropertyValue(field, out var found)
            ? found?.DeepClone()
            : throw Error($"value '{AirJson.Serialize(value)}' does not contain element with field name = '{field}'");
    }

    private static JsonNode? Index(JsonNode? value, ulong index)
    {
        if (value is not JsonArray array)
            throw Error($"index accessor [{index}] applied to a value that is not an array: {AirJson.Serialize(value)}");
        return index < (ulong)array.Count
            ? array[(int)index]?.DeepClone()
            : throw Error($"index {index} is out of the array's {array.Count} elements");
    }

    private static JsonNode? ByScalar(JsonNode? value, string name, JsonNode? key)
    {
        if (key is JsonValue text && text.TryGetValue<string>(out var field))
            return Field(value, field);
        if (key is JsonValue number && number.TryGetValue<ulong>(out var index))
            return Index(value, index);
        throw Error($"scalar '{name}' used as an accessor is neither a string nor a non-negative integer: {AirJson.Serialize(key)}");
    }

    private static AirValueException Error(string message) => new(AirErrorCodes.LambdaApplierError, message);
}
