using System.Text.Json.Nodes;
using MessagePack;

namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// Reads a MessagePack value as JSON, the way AquaVM writes its JSON values with rmp_serde: integers as msgpack ints
/// (u64 beyond i64 kept unsigned), floats as float64, objects as maps with string keys. A float becomes a node over
/// serde_json's text of it, so that it stays a float where it is written again (a service echoing <c>1.0</c> returns
/// <c>1.0</c>, as on a Nox peer, not the integer <c>1</c>, which AquaVM would then hold and compare as another value).
/// </summary>
internal static class MessagePackJson
{
    /// <summary>Nesting deeper than this is refused rather than risking the stack on hostile bytes.</summary>
    public const int MaxDepth = 256;

    public static JsonNode? Read(ref MessagePackReader reader, int depth = 0)
    {
        if (depth > MaxDepth)
            throw new FormatException($"MessagePack value nested deeper than {MaxDepth} levels");
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                return null;
            case MessagePackType.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case MessagePackType.Integer:
                // 0xcf = uint64: the only integer code that may not fit a long.
                return reader.NextCode == MessagePackCode.UInt64
                    ? JsonValue.Create(reader.ReadUInt64())
                    : JsonValue.Create(reader.ReadInt64());
            case MessagePackType.Float:
                return Float(reader.ReadDouble());
            case MessagePackType.String:
                return JsonValue.Create(reader.ReadString());
            case MessagePackType.Binary:
            {
                // Not produced for JSON values; keep the bytes visible as an array of numbers (serde's view of bytes).
                var bytes = reader.ReadBytes()!.Value;
                var array = new JsonArray();
                foreach (var segment in bytes)
                    foreach (var b in segment.Span)
                        array.Add(JsonValue.Create(b));
                return array;
            }
            case MessagePackType.Array:
            {
                var count = reader.ReadArrayHeader();
                var array = new JsonArray();
                for (var i = 0; i < count; i++)
                    array.Add(Read(ref reader, depth + 1));
                return array;
            }
            case MessagePackType.Map:
            {
                var count = reader.ReadMapHeader();
                var obj = new JsonObject();
                for (var i = 0; i < count; i++)
                {
                    var key = ReadKey(ref reader);
                    obj[key] = Read(ref reader, depth + 1);
                }
                return obj;
            }
            default:
                throw new FormatException($"MessagePack {reader.NextMessagePackType} (code 0x{reader.NextCode:x2}) has no JSON meaning");
        }
    }

    /// <summary>A map key as a string: strings as they are, integers in decimal.</summary>
    public static string ReadKey(ref MessagePackReader reader) => reader.NextMessagePackType switch
    {
        MessagePackType.String => reader.ReadString() ?? "",
        MessagePackType.Integer => reader.NextCode == MessagePackCode.UInt64
            ? reader.ReadUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
            : reader.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        var type => throw new FormatException($"MessagePack map key of type {type} where a string was expected"),
    };

    // serde_json's Value has no non-finite number: it is null there.
    private static JsonNode? Float(double value) => double.IsFinite(value) ? JsonNode.Parse(SerdeFloatText.Format(value)) : null;
}
