using System.Text;
using Fluence.Kernel.Plugins.Wasmtime.Binary;
using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Packing;

/// <summary>
/// Turns a plain Wasm module into a Marine module: adds the <c>interface-types</c> section with the adapters
/// marine-rs-sdk would generate for the given signatures (marine.md §3.4, §7) and <c>__fluence_sdk_version</c>.
/// The module must export <c>memory</c>, <c>allocate(size, tag)</c>, <c>release_objects</c>,
/// <c>get/set_result_ptr</c>, <c>get/set_result_size</c> and each function with its raw signature: strings, byte
/// arrays and arrays as (ptr, len), records as a pointer, complex results through set_result_ptr/size.
/// </summary>
public static class MarineModulePacker
{
    private const string DefaultSdkVersion = "0.14.0";
    private const string ItVersion = "0.27.0";

    public static byte[] Pack(ReadOnlySpan<byte> wasm, MarineModuleSignature signature, string sdkVersion = DefaultSdkVersion)
    {
        var binary = WasmBinary.Parse(wasm.ToArray());
        var section = Build(signature);
        var output = new List<byte>(wasm.Length + 1024);
        output.AddRange(StripMarineSections(wasm, binary));
        AppendCustomSection(output, "interface-types", ItSectionWriter.Write(section));
        AppendCustomSection(output, "__fluence_sdk_version", Encoding.ASCII.GetBytes(sdkVersion));
        return [.. output];
    }

    internal static ItSection Build(MarineModuleSignature signature)
    {
        var types = new List<ItTypeEntry>();
        var i32 = ItType.Of(ItTypeKind.I32);
        types.Add(new ItFunctionType([new("size", i32), new("type_tag", i32)], [i32]));
        types.Add(new ItFunctionType([], []));
        types.Add(new ItFunctionType([], [i32]));
        types.Add(new ItFunctionType([], [i32]));
        types.Add(new ItFunctionType([new("result_size", i32)], []));
        types.Add(new ItFunctionType([new("result_ptr", i32)], []));
        var exports = new List<ItExport>
        {
            new("allocate", 0), new("release_objects", 1), new("get_result_size", 2),
            new("get_result_ptr", 3), new("set_result_size", 4), new("set_result_ptr", 5),
        };

        // Records go to ids 6…, in the given order; every type is remapped to them.
        var recordIds = new Dictionary<ulong, ulong>();
        foreach (var r in signature.Records)
            recordIds[r.Id] = (ulong)(types.Count + recordIds.Count);
        ItType Map(ItType t) => t.Kind switch
        {
            ItTypeKind.Record => recordIds.TryGetValue(t.RecordId, out var id) ? ItType.RecordOf(id) : throw new ArgumentException($"record type {t.RecordId} is not described"),
            ItTypeKind.Array => ItType.ArrayOf(Map(t.Element!)),
            _ => t,
        };
        foreach (var r in signature.Records)
            types.Add(new ItRecordEntry(r.Name, r.Fields.Select(f => new ItField(f.Name, Map(f.Type))).ToArray()));

        var imports = new List<ItImport>();
        var adapters = new List<ItAdapter>();
        var implementations = new List<ItImplementation>();
        var functions = signature.Functions.Select(f => new ItFunctionSignature(f.Name, f.Arguments.Select(a => new ItField(a.Name, Map(a.Type))).ToArray(), f.Outputs.Select(Map).ToArray())).ToArray();
        var importedFunctions = signature.Imports.Select(f => new MarineImportSignature(f.Module, f.Name, f.Arguments.Select(a => new ItField(a.Name, Map(a.Type))).ToArray(), f.Outputs.Select(Map).ToArray())).ToArray();
        var exportCount = exports.Count + functions.Length;

        foreach (var f in functions)
        {
            if (f.Outputs.Count > 1)
                throw new ArgumentException($"'{f.Name}': a Marine function has at most one output");
            var adapterType = (uint)types.Count;
            types.Add(new ItFunctionType(f.Arguments, f.Outputs));
            var exportType = (uint)types.Count;
            types.Add(new ItFunctionType(f.Arguments, f.Outputs));
            adapters.Add(new ItAdapter(adapterType, ExportAdapter(f, (ulong)exports.Count)));
            exports.Add(new ItExport(f.Name, exportType));
            implementations.Add(new ItImplementation(exportType, adapterType));
        }
        for (var j = 0; j < importedFunctions.Length; j++)
        {
            var f = importedFunctions[j];
            if (f.Outputs.Count > 1)
                throw new ArgumentException($"'{f.Module}.{f.Name}': a Marine function has at most one output");
            var raw = RawSignature(f.Arguments, f.Outputs);
            var itType = (uint)types.Count;
            types.Add(new ItFunctionType(f.Arguments, f.Outputs));
            var adapterType = (uint)types.Count;
            types.Add(raw);
            var coreType = (uint)types.Count;
            types.Add(raw);
            imports.Add(new ItImport(f.Module, f.Name, itType));
            imports.Add(new ItImport(f.Module, f.Name, coreType));
            adapters.Add(new ItAdapter(adapterType, ImportAdapter(f, (ulong)(exportCount + j))));
            implementations.Add(new ItImplementation(coreType, adapterType));
        }
        return new ItSection(ItVersion, types, imports, adapters, exports, implementations);
    }

    private static ItInstruction[] ExportAdapter(ItFunctionSignature f, ulong exportIndex)
    {
        var code = new List<ItInstruction>();
        for (var i = 0; i < f.Arguments.Count; i++)
        {
            var arg = (ulong)i;
            var type = f.Arguments[i].Type;
            switch (type.Kind)
            {
                case ItTypeKind.String:
                    code.AddRange([new(ItOpcode.ArgumentGet, arg), new(ItOpcode.StringSize), new(ItOpcode.PushI32, 1), new(ItOpcode.CallCore, 0), new(ItOpcode.ArgumentGet, arg), new(ItOpcode.StringLowerMemory)]);
                    break;
                case ItTypeKind.ByteArray:
                    code.AddRange([new(ItOpcode.ArgumentGet, arg), new(ItOpcode.ArrayLowerMemory, Type: ItType.Of(ItTypeKind.U8))]);
                    break;
                case ItTypeKind.Array:
                    code.AddRange([new(ItOpcode.ArgumentGet, arg), new(ItOpcode.ArrayLowerMemory, Type: type.Element)]);
                    break;
                case ItTypeKind.Record:
                    code.AddRange([new(ItOpcode.ArgumentGet, arg), new(ItOpcode.RecordLowerMemory, type.RecordId)]);
                    break;
                default:
                    code.Add(new(ItOpcode.ArgumentGet, arg));
                    if (ToRaw(type.Kind) is { } toRaw)
                        code.Add(new(toRaw));
                    break;
            }
        }
        code.Add(new(ItOpcode.CallCore, exportIndex));
        if (f.Outputs.Count == 1)
        {
            var type = f.Outputs[0];
            switch (type.Kind)
            {
                case ItTypeKind.String:
                    code.AddRange([new(ItOpcode.CallCore, 3), new(ItOpcode.CallCore, 2), new(ItOpcode.StringLiftMemory), new(ItOpcode.CallCore, 1)]);
                    break;
                case ItTypeKind.ByteArray:
                    code.AddRange([new(ItOpcode.CallCore, 3), new(ItOpcode.CallCore, 2), new(ItOpcode.ByteArrayLiftMemory), new(ItOpcode.CallCore, 1)]);
                    break;
                case ItTypeKind.Array:
                    code.AddRange([new(ItOpcode.CallCore, 3), new(ItOpcode.CallCore, 2), new(ItOpcode.ArrayLiftMemory, Type: type.Element), new(ItOpcode.CallCore, 1)]);
                    break;
                case ItTypeKind.Record:
                    code.AddRange([new(ItOpcode.CallCore, 3), new(ItOpcode.RecordLiftMemory, type.RecordId), new(ItOpcode.CallCore, 1)]);
                    break;
                default:
                    if (FromRaw(type.Kind) is { } fromRaw)
                        code.Add(new(fromRaw));
                    break;
            }
        }
        return [.. code];
    }

    private static ItInstruction[] ImportAdapter(MarineImportSignature f, ulong callIndex)
    {
        var code = new List<ItInstruction>();
        var raw = 0UL;
        var complex = false;
        foreach (var arg in f.Arguments)
        {
            switch (arg.Type.Kind)
            {
                case ItTypeKind.String:
                    code.AddRange([new(ItOpcode.ArgumentGet, raw), new(ItOpcode.ArgumentGet, raw + 1), new(ItOpcode.StringLiftMemory)]);
                    raw += 2;
                    complex = true;
                    break;
                case ItTypeKind.ByteArray:
                    code.AddRange([new(ItOpcode.ArgumentGet, raw), new(ItOpcode.ArgumentGet, raw + 1), new(ItOpcode.ByteArrayLiftMemory)]);
                    raw += 2;
                    complex = true;
                    break;
                case ItTypeKind.Array:
                    code.AddRange([new(ItOpcode.ArgumentGet, raw), new(ItOpcode.ArgumentGet, raw + 1), new(ItOpcode.ArrayLiftMemory, Type: arg.Type.Element)]);
                    raw += 2;
                    complex = true;
                    break;
                case ItTypeKind.Record:
                    code.AddRange([new(ItOpcode.ArgumentGet, raw), new(ItOpcode.RecordLiftMemory, arg.Type.RecordId)]);
                    raw += 1;
                    complex = true;
                    break;
                default:
                    code.Add(new(ItOpcode.ArgumentGet, raw));
                    if (FromRaw(arg.Type.Kind) is { } fromRaw)
                        code.Add(new(fromRaw));
                    raw += 1;
                    break;
            }
        }
        if (complex)
            code.Add(new(ItOpcode.CallCore, 1));
        code.Add(new(ItOpcode.CallCore, callIndex));
        if (f.Outputs.Count == 1)
        {
            var type = f.Outputs[0];
            switch (type.Kind)
            {
                case ItTypeKind.String:
                    code.AddRange([new(ItOpcode.Dup), new(ItOpcode.StringSize), new(ItOpcode.PushI32, 1), new(ItOpcode.CallCore, 0), new(ItOpcode.Swap2), new(ItOpcode.StringLowerMemory), new(ItOpcode.CallCore, 4), new(ItOpcode.CallCore, 5)]);
                    break;
                case ItTypeKind.ByteArray:
                    code.AddRange([new(ItOpcode.ArrayLowerMemory, Type: ItType.Of(ItTypeKind.U8)), new(ItOpcode.CallCore, 4), new(ItOpcode.CallCore, 5)]);
                    break;
                case ItTypeKind.Array:
                    code.AddRange([new(ItOpcode.ArrayLowerMemory, Type: type.Element), new(ItOpcode.CallCore, 4), new(ItOpcode.CallCore, 5)]);
                    break;
                case ItTypeKind.Record:
                    code.AddRange([new(ItOpcode.RecordLowerMemory, type.RecordId), new(ItOpcode.CallCore, 5)]);
                    break;
                default:
                    if (ToRaw(type.Kind) is { } toRaw)
                        code.Add(new(toRaw));
                    break;
            }
        }
        return [.. code];
    }

    private static ItFunctionType RawSignature(IReadOnlyList<ItField> arguments, IReadOnlyList<ItType> outputs)
    {
        var raw = new List<ItField>();
        foreach (var a in arguments)
        {
            switch (a.Type.Kind)
            {
                case ItTypeKind.String or ItTypeKind.ByteArray or ItTypeKind.Array:
                    raw.Add(new(a.Name + "_ptr", ItType.Of(ItTypeKind.I32)));
                    raw.Add(new(a.Name + "_len", ItType.Of(ItTypeKind.I32)));
                    break;
                default:
                    raw.Add(new(a.Name, RawType(a.Type.Kind)));
                    break;
            }
        }
        var rawOutputs = outputs.Where(o => ItScalars(o.Kind)).Select(o => RawType(o.Kind)).ToArray();
        return new ItFunctionType(raw, rawOutputs);
    }

    private static bool ItScalars(ItTypeKind kind) => Abi.ItScalars.IsScalar(kind);

    private static ItType RawType(ItTypeKind kind) => kind switch
    {
        ItTypeKind.S64 or ItTypeKind.U64 or ItTypeKind.I64 => ItType.Of(ItTypeKind.I64),
        ItTypeKind.F32 => ItType.Of(ItTypeKind.F32),
        ItTypeKind.F64 => ItType.Of(ItTypeKind.F64),
        _ => ItType.Of(ItTypeKind.I32),
    };

    private static ItOpcode? ToRaw(ItTypeKind kind) => kind switch
    {
        ItTypeKind.Boolean => ItOpcode.I32FromBool,
        ItTypeKind.S8 => ItOpcode.I32FromS8,
        ItTypeKind.S16 => ItOpcode.I32FromS16,
        ItTypeKind.S32 => ItOpcode.I32FromS32,
        ItTypeKind.S64 => ItOpcode.I64FromS64,
        ItTypeKind.U8 => ItOpcode.I32FromU8,
        ItTypeKind.U16 => ItOpcode.I32FromU16,
        ItTypeKind.U32 => ItOpcode.I32FromU32,
        ItTypeKind.U64 => ItOpcode.I64FromU64,
        _ => null,
    };

    private static ItOpcode? FromRaw(ItTypeKind kind) => kind switch
    {
        ItTypeKind.Boolean => ItOpcode.BoolFromI32,
        ItTypeKind.S8 => ItOpcode.S8FromI32,
        ItTypeKind.S16 => ItOpcode.S16FromI32,
        ItTypeKind.S32 => ItOpcode.S32FromI32,
        ItTypeKind.S64 => ItOpcode.S64FromI64,
        ItTypeKind.U8 => ItOpcode.U8FromI32,
        ItTypeKind.U16 => ItOpcode.U16FromI32,
        ItTypeKind.U32 => ItOpcode.U32FromI32,
        ItTypeKind.U64 => ItOpcode.U64FromI64,
        _ => null,
    };

    // Copies the module without previous interface-types / sdk-version sections (packing twice replaces them).
    private static byte[] StripMarineSections(ReadOnlySpan<byte> wasm, WasmBinary binary)
    {
        if (!binary.CustomSections.Any(s => s.Name is "interface-types" or "__fluence_sdk_version"))
            return wasm.ToArray();
        var output = new List<byte>(wasm.Length);
        output.AddRange(wasm[..8]);
        var pos = 8;
        while (pos < wasm.Length)
        {
            var start = pos;
            var id = wasm[pos++];
            var size = (int)ReadU32(wasm, ref pos);
            var bodyStart = pos;
            pos += size;
            if (id == 0)
            {
                var p = bodyStart;
                var nameLength = (int)ReadU32(wasm, ref p);
                var name = Encoding.UTF8.GetString(wasm.Slice(p, nameLength));
                if (name is "interface-types" or "__fluence_sdk_version")
                    continue;
            }
            output.AddRange(wasm[start..pos]);
        }
        return [.. output];
    }

    private static uint ReadU32(ReadOnlySpan<byte> s, ref int p)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = s[p++];
            value |= (uint)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
    }

    private static void AppendCustomSection(List<byte> output, string name, byte[] content)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var body = new List<byte>();
        Uleb(body, (uint)nameBytes.Length);
        body.AddRange(nameBytes);
        body.AddRange(content);
        output.Add(0);
        Uleb(output, (uint)body.Count);
        output.AddRange(body);
    }

    private static void Uleb(List<byte> o, uint value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            o.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }
}
