using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Json;

/// <summary>
/// Marine's <c>call_with_json</c> rules (marine.md §8): arguments as an array (positional) or an object (by name),
/// records from objects or arrays, byte arrays as arrays of numbers; results back as JSON.
/// </summary>
internal static class ItJson
{
    public static IReadOnlyList<ItValue> Arguments(JsonNode? json, ItFunctionSignature signature, ServiceInterface types)
    {
        var args = signature.Arguments;
        switch (json)
        {
            case null:
                return args.Count == 0 ? [] : throw Bad($"'{signature.Name}' takes {args.Count} arguments, got null");
            case JsonArray array:
                if (array.Count != args.Count)
                {
                    // A single argument may be given bare even if it is itself an array.
                    if (args.Count == 1)
                        return [Value(array, args[0].Type, types, args[0].Name)];
                    throw Bad($"'{signature.Name}' takes {args.Count} arguments, got {array.Count}");
                }
                return args.Select((a, i) => Value(array[i], a.Type, types, a.Name)).ToArray();
            case JsonObject obj:
                if (args.Count == 1 && !obj.ContainsKey(args[0].Name) && args[0].Type.Kind == ItTypeKind.Record)
                    return [Value(obj, args[0].Type, types, args[0].Name)];
                foreach (var key in obj.Select(p => p.Key))
                {
                    if (!args.Any(a => a.Name == key))
                        throw Bad($"'{signature.Name}' has no argument named '{key}'");
                }
                return args.Select(a => obj.TryGetPropertyValue(a.Name, out var v)
                    ? Value(v, a.Type, types, a.Name)
                    : throw Bad($"argument '{a.Name}' of '{signature.Name}' is missing")).ToArray();
            default:
                return args.Count == 1 ? [Value(json, args[0].Type, types, args[0].Name)] : throw Bad($"'{signature.Name}' takes {args.Count} arguments, got one value");
        }
    }

    /// <summary>
    /// The JSON of a call's result. Numbers are re-read from text so callers can take them as any fitting CLR type
    /// (<c>GetValue&lt;int&gt;()</c> on a u32, <c>GetValue&lt;long&gt;()</c> on a byte), as with parsed JSON.
    /// </summary>
    public static JsonNode? Result(IReadOnlyList<ItValue> outputs, IReadOnlyList<ItType> types, ServiceInterface @interface) =>
        outputs.Count == 0 ? null : JsonNode.Parse(ToJson(outputs[0], types[0], @interface)?.ToJsonString() ?? "null");

    public static ItValue Value(JsonNode? json, ItType type, ServiceInterface types, string path)
    {
        // A scalar may come wrapped in a one-element array.
        if (json is JsonArray { Count: 1 } single && type.Kind is not (ItTypeKind.Array or ItTypeKind.ByteArray or ItTypeKind.Record))
            json = single[0];
        try
        {
            switch (type.Kind)
            {
                case ItTypeKind.Boolean:
                    return new ItValue.Boolean(Scalar(json, path).GetValue<bool>());
                case ItTypeKind.S8 or ItTypeKind.S16 or ItTypeKind.S32 or ItTypeKind.S64 or ItTypeKind.I32 or ItTypeKind.I64:
                    return new ItValue.Signed(type.Kind, Integer<long>(json, path));
                case ItTypeKind.U8 or ItTypeKind.U16 or ItTypeKind.U32 or ItTypeKind.U64:
                    return new ItValue.Unsigned(type.Kind, Integer<ulong>(json, path));
                case ItTypeKind.F32 or ItTypeKind.F64:
                    return new ItValue.Float(type.Kind, Number(json, path));
                case ItTypeKind.String:
                    return new ItValue.Text(Scalar(json, path).GetValue<string>());
                case ItTypeKind.ByteArray:
                {
                    var array = json as JsonArray ?? throw Bad($"{path}: expected an array of bytes");
                    var bytes = new byte[array.Count];
                    for (var i = 0; i < bytes.Length; i++)
                        bytes[i] = checked((byte)Integer<ulong>(array[i], $"{path}[{i}]"));
                    return new ItValue.Bytes(bytes);
                }
                case ItTypeKind.Array:
                {
                    var array = json as JsonArray ?? throw Bad($"{path}: expected an array");
                    return new ItValue.Array(array.Select((e, i) => Value(e, type.Element!, types, $"{path}[{i}]")).ToArray());
                }
                case ItTypeKind.Record:
                {
                    var record = types.Records.FirstOrDefault(r => r.Id == type.RecordId) ?? throw Bad($"{path}: unknown record type {type.RecordId}");
                    if (json is JsonArray positional)
                    {
                        if (positional.Count != record.Fields.Count)
                            throw Bad($"{path}: record {record.Name} has {record.Fields.Count} fields, got {positional.Count}");
                        return new ItValue.Record(record.Fields.Select((f, i) => Value(positional[i], f.Type, types, $"{path}.{f.Name}")).ToArray());
                    }
                    var obj = json as JsonObject ?? throw Bad($"{path}: expected record {record.Name}");
                    foreach (var key in obj.Select(p => p.Key))
                    {
                        if (!record.Fields.Any(f => f.Name == key))
                            throw Bad($"{path}: record {record.Name} has no field '{key}'");
                    }
                    return new ItValue.Record(record.Fields.Select(f => obj.TryGetPropertyValue(f.Name, out var v)
                        ? Value(v, f.Type, types, $"{path}.{f.Name}")
                        : throw Bad($"{path}: field '{f.Name}' of record {record.Name} is missing")).ToArray());
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or JsonException)
        {
            throw Bad($"{path}: expected {type.Kind.ToString().ToLowerInvariant()}, got {json?.ToJsonString() ?? "null"}");
        }
        throw Bad($"{path}: unsupported type {type.Kind}");
    }

    public static JsonNode? ToJson(ItValue value, ItType type, ServiceInterface types) => value switch
    {
        ItValue.Boolean b => JsonValue.Create(b.Value),
        ItValue.Signed s => JsonValue.Create(s.Value),
        ItValue.Unsigned u => JsonValue.Create(u.Value),
        ItValue.Float f => type.Kind == ItTypeKind.F32 ? JsonValue.Create((float)f.Value) : JsonValue.Create(f.Value),
        ItValue.Text t => JsonValue.Create(t.Value),
        ItValue.Bytes b => new JsonArray(b.Value.ToArray().Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        ItValue.Array a => new JsonArray(a.Items.Select(i => ToJson(i, type.Element ?? ItType.Of(ItTypeKind.U8), types)).ToArray()),
        ItValue.Record r => RecordJson(r, type, types),
        _ => null,
    };

    private static JsonObject RecordJson(ItValue.Record value, ItType type, ServiceInterface types)
    {
        var record = types.Records.FirstOrDefault(r => r.Id == type.RecordId)
            ?? throw new WasmCallException(WasmFailure.InvalidModule, $"record type {type.RecordId} is missing from the interface");
        var obj = new JsonObject();
        for (var i = 0; i < record.Fields.Count; i++)
            obj[record.Fields[i].Name] = ToJson(value.Fields[i], record.Fields[i].Type, types);
        return obj;
    }

    private static JsonValue Scalar(JsonNode? json, string path) =>
        json as JsonValue ?? throw Bad($"{path}: expected a scalar, got {json?.ToJsonString() ?? "null"}");

    // JsonValue may wrap a JsonElement or any CLR number: read numbers from their JSON text, exactly.
    private static T Integer<T>(JsonNode? json, string path) where T : struct
    {
        var value = Scalar(json, path);
        if (value.GetValueKind() != JsonValueKind.Number)
            throw Bad($"{path}: expected an integer, got {value.ToJsonString()}");
        var text = value.ToJsonString();
        if (typeof(T) == typeof(long) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            return (T)(object)l;
        if (typeof(T) == typeof(ulong) && ulong.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u))
            return (T)(object)u;
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && decimal.Truncate(d) == d)
            return typeof(T) == typeof(long) ? (T)(object)decimal.ToInt64(d) : (T)(object)decimal.ToUInt64(d);
        throw Bad($"{path}: expected an integer in range, got {text}");
    }

    private static double Number(JsonNode? json, string path)
    {
        var value = Scalar(json, path);
        if (value.GetValueKind() != JsonValueKind.Number)
            throw Bad($"{path}: expected a number, got {value.ToJsonString()}");
        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static WasmCallException Bad(string message) => new(WasmFailure.InvalidArguments, message);
}
