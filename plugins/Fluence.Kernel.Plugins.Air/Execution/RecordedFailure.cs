using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The value a failed call state refers to, read as AquaVM reads it (serde's CallServiceFailed: <c>ret_code</c> an i32,
/// <c>message</c> a string; other fields ignored). Anything else is uncatchable 20012 with serde's words, so a
/// failed state rewritten to point at another value is refused as on AquaVM instead of raising a service error.
/// </summary>
internal static class RecordedFailure
{
    public static (long RetCode, string Message) Read(JsonNode? value)
    {
        // serde also reads a struct from an array of its fields in order.
        if (value is JsonArray fields)
        {
            if (fields.Count < 2)
                throw Malformed($"invalid length {fields.Count}, expected struct CallServiceFailed with 2 elements");
            var code = RetCode(fields[0]);
            var text = Message(fields[1]);
            return fields.Count == 2 ? (code, text) : throw Malformed($"invalid length {fields.Count}, expected fewer elements in array");
        }
        if (value is not JsonObject failure)
            throw Malformed($"invalid type: {Unexpected(value)}, expected struct CallServiceFailed");
        // serde visits the fields in the object's (sorted) key order, so a wrong message is found before a wrong
        // ret_code; missing fields are told after, in the struct's order.
        var hasMessage = failure.TryGetPropertyValue("message", out var message);
        var hasCode = failure.TryGetPropertyValue("ret_code", out var retCode);
        var messageText = hasMessage ? Message(message) : null;
        var codeValue = hasCode ? RetCode(retCode) : 0;
        if (!hasCode)
            throw Malformed("missing field `ret_code`");
        return hasMessage ? (codeValue, messageText!) : throw Malformed("missing field `message`");
    }

    private static string Message(JsonNode? message) =>
        message is JsonValue text && text.TryGetValue<string>(out var value) ? value : throw Malformed($"invalid type: {Unexpected(message)}, expected a string");

    private static int RetCode(JsonNode? code)
    {
        if (code is not JsonValue number || number.GetValueKind() != JsonValueKind.Number || IsFloat(number))
            throw Malformed($"invalid type: {Unexpected(code)}, expected i32");
        var digits = number.ToJsonString();
        return int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var retCode) ? retCode
            : throw Malformed($"invalid value: integer `{digits}`, expected i32");
    }

    // What serde_json read as an f64 (a fraction or exponent, -0, or an integer beyond u64 / i64): the stored value was
    // read by AirJson, which keeps exactly those as doubles (1.0 and -0 too, whose .NET texts look like integers).
    private static bool IsFloat(JsonValue number) => number.TryGetValue<double>(out _);

    private static AirExecutionException Malformed(string error) =>
        AirExecutionException.Uncatchable(AquaErrorCodes.MalformedCallServiceFailed, "failed to deserialize to CallServiceFailed: " + error);

    // A JSON value as serde names what it found.
    private static string Unexpected(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "map",
        JsonArray => "sequence",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => $"string {JsonSerializer.Serialize(v.GetValue<string>())}",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => $"boolean `{(v.GetValueKind() == JsonValueKind.True ? "true" : "false")}`",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && !IsFloat(v) => $"integer `{v.ToJsonString()}`",
        _ => $"floating point `{value.ToJsonString()}`",
    };
}
