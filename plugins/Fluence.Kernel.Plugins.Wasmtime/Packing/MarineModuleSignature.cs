using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Packing;

/// <summary>
/// What a plain Wasm module offers and needs through interface types: exported functions, record types and
/// functions imported from other modules. Its JSON is the interface description of <c>srv.get_interface</c>
/// (<c>function_signatures</c>, <c>record_types</c>) plus an optional <c>imports</c> list of
/// <c>{module, name, arguments, output_types}</c>; type names are <c>bool, i8…i64, u8…u64, f32, f64, string, []u8</c>
/// (byte_array), <c>[]T</c> and record names.
/// </summary>
public sealed record MarineModuleSignature(
    IReadOnlyList<ItFunctionSignature> Functions,
    IReadOnlyList<ItRecordType> Records,
    IReadOnlyList<MarineImportSignature> Imports)
{
    public static MarineModuleSignature Parse(string json) =>
        Parse(JsonNode.Parse(json) ?? throw new FormatException("the signature description is empty"));

    public static MarineModuleSignature Parse(JsonNode json)
    {
        var records = new List<ItRecordType>();
        var recordNodes = json["record_types"]?.AsArray() ?? [];
        // Ids are optional in hand-written descriptions: number records in order when absent.
        var names = new Dictionary<string, ulong>();
        var next = 0UL;
        foreach (var node in recordNodes)
        {
            var name = Required(node, "name");
            var id = node!["id"]?.GetValue<ulong>() ?? next;
            next = id + 1;
            names[name] = id;
        }
        foreach (var node in recordNodes)
        {
            var name = Required(node, "name");
            records.Add(new ItRecordType(name, names[name], Fields(node!["fields"], names)));
        }
        var functions = (json["function_signatures"]?.AsArray() ?? []).Select(f => new ItFunctionSignature(
            Required(f, "name"), Fields(f!["arguments"], names), Outputs(f["output_types"], names))).ToArray();
        var imports = (json["imports"]?.AsArray() ?? []).Select(i => new MarineImportSignature(
            Required(i, "module"), Required(i, "name"), Fields(i!["arguments"], names), Outputs(i["output_types"], names))).ToArray();
        return new MarineModuleSignature(functions, records, imports);
    }

    /// <summary>Reads a type name of the interface description.</summary>
    public static ItType ParseType(string name, IReadOnlyDictionary<string, ulong> records) => name switch
    {
        "bool" => ItType.Of(ItTypeKind.Boolean),
        "i8" or "s8" => ItType.Of(ItTypeKind.S8),
        "i16" or "s16" => ItType.Of(ItTypeKind.S16),
        "i32" or "s32" => ItType.Of(ItTypeKind.S32),
        "i64" or "s64" => ItType.Of(ItTypeKind.S64),
        "u8" => ItType.Of(ItTypeKind.U8),
        "u16" => ItType.Of(ItTypeKind.U16),
        "u32" => ItType.Of(ItTypeKind.U32),
        "u64" => ItType.Of(ItTypeKind.U64),
        "f32" => ItType.Of(ItTypeKind.F32),
        "f64" => ItType.Of(ItTypeKind.F64),
        "string" => ItType.Of(ItTypeKind.String),
        "[]u8" or "byte_array" => ItType.Of(ItTypeKind.ByteArray),
        _ when name.StartsWith("[]", StringComparison.Ordinal) => ItType.ArrayOf(ParseType(name[2..], records)),
        _ when records.TryGetValue(name, out var id) => ItType.RecordOf(id),
        _ => throw new FormatException($"unknown type '{name}'"),
    };

    private static ItField[] Fields(JsonNode? node, IReadOnlyDictionary<string, ulong> records) =>
        (node?.AsArray() ?? []).Select(pair =>
        {
            var p = pair?.AsArray() ?? throw new FormatException("a field or argument is [name, type]");
            return new ItField(p[0]!.GetValue<string>(), ParseType(p[1]!.GetValue<string>(), records));
        }).ToArray();

    private static ItType[] Outputs(JsonNode? node, IReadOnlyDictionary<string, ulong> records) =>
        (node?.AsArray() ?? []).Select(t => ParseType(t!.GetValue<string>(), records)).ToArray();

    private static string Required(JsonNode? node, string key) =>
        node?[key]?.GetValue<string>() ?? throw new FormatException($"'{key}' is missing");
}
