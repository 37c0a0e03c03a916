using System.Text;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Interface;

/// <summary>
/// Decodes the binary <c>interface-types</c> section. Quirks of the format are kept: names and inner lists carry a
/// one-byte length, the top-level counts are LEB128 (marine.md §2). Every malformed input is a clear error.
/// </summary>
internal ref struct ItSectionReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    private ItSectionReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _pos = 0;
    }

    public static ItSection Read(ReadOnlySpan<byte> data)
    {
        var reader = new ItSectionReader(data);
        return reader.ReadSection();
    }

    internal static WasmCallException Invalid(string message) =>
        new(WasmFailure.InvalidModule, "invalid interface-types section: " + message);

    private ItSection ReadSection()
    {
        string? version = null;
        var types = new List<ItTypeEntry>();
        var imports = new List<ItImport>();
        var adapters = new List<ItAdapter>();
        var exports = new List<ItExport>();
        var implementations = new List<ItImplementation>();
        while (_pos < _data.Length)
        {
            var kind = Byte();
            switch (kind)
            {
                case 0x05:
                    if (version is not null)
                        throw Invalid("more than one version block");
                    version = Name();
                    break;
                case 0x00:
                    for (var n = Uleb(); n > 0; n--)
                        types.Add(TypeEntry());
                    break;
                case 0x01:
                    for (var n = Uleb(); n > 0; n--)
                        imports.Add(new ItImport(Name(), Name(), Index()));
                    break;
                case 0x02:
                    for (var n = Uleb(); n > 0; n--)
                    {
                        var type = Index();
                        var count = Byte();
                        var instructions = new ItInstruction[count];
                        for (var i = 0; i < count; i++)
                            instructions[i] = Instruction();
                        adapters.Add(new ItAdapter(type, instructions));
                    }
                    break;
                case 0x03:
                    for (var n = Uleb(); n > 0; n--)
                        exports.Add(new ItExport(Name(), Index()));
                    break;
                case 0x04:
                    for (var n = Uleb(); n > 0; n--)
                        implementations.Add(new ItImplementation(Index(), Index()));
                    break;
                default:
                    throw Invalid($"unknown block kind 0x{kind:x2} at offset {_pos - 1}");
            }
        }
        if (version is null)
            throw Invalid("no version block");
        var section = new ItSection(version, types, imports, adapters, exports, implementations);
        Validate(section);
        return section;
    }

    private static void Validate(ItSection section)
    {
        void CheckType(ItType type)
        {
            if (type.Kind == ItTypeKind.Record)
                section.RecordType(type.RecordId);
            else if (type.Kind == ItTypeKind.Array)
                CheckType(type.Element!);
        }
        foreach (var entry in section.Types)
        {
            if (entry is ItFunctionType f)
            {
                foreach (var a in f.Arguments) CheckType(a.Type);
                foreach (var o in f.Outputs) CheckType(o);
            }
            else if (entry is ItRecordEntry r)
            {
                foreach (var field in r.Fields) CheckType(field.Type);
            }
        }
        foreach (var i in section.Imports) section.FunctionType(i.FunctionType);
        foreach (var a in section.Adapters) section.FunctionType(a.FunctionType);
        foreach (var e in section.Exports) section.FunctionType(e.FunctionType);
        foreach (var i in section.Implementations)
        {
            section.FunctionType(i.CoreFunctionType);
            section.FunctionType(i.AdapterFunctionType);
        }
    }

    private ItTypeEntry TypeEntry()
    {
        var tag = Byte();
        switch (tag)
        {
            case 0x00:
            {
                var argCount = Byte();
                var args = new ItField[argCount];
                for (var i = 0; i < argCount; i++)
                    args[i] = new ItField(Name(), Type());
                var outCount = Byte();
                var outputs = new ItType[outCount];
                for (var i = 0; i < outCount; i++)
                    outputs[i] = Type();
                return new ItFunctionType(args, outputs);
            }
            case 0x01:
            {
                var name = Name();
                var count = Byte();
                if (count == 0)
                    throw Invalid($"record {name} has no fields");
                var fields = new ItField[count];
                for (var i = 0; i < count; i++)
                    fields[i] = new ItField(Name(), Type());
                return new ItRecordEntry(name, fields);
            }
            default:
                throw Invalid($"unknown type entry tag 0x{tag:x2}");
        }
    }

    private ItType Type()
    {
        var b = Byte();
        return b switch
        {
            0x0b => ItType.Of(ItTypeKind.Boolean),
            0x00 => ItType.Of(ItTypeKind.S8),
            0x01 => ItType.Of(ItTypeKind.S16),
            0x02 => ItType.Of(ItTypeKind.S32),
            0x03 => ItType.Of(ItTypeKind.S64),
            0x04 => ItType.Of(ItTypeKind.U8),
            0x05 => ItType.Of(ItTypeKind.U16),
            0x06 => ItType.Of(ItTypeKind.U32),
            0x07 => ItType.Of(ItTypeKind.U64),
            0x08 => ItType.Of(ItTypeKind.F32),
            0x09 => ItType.Of(ItTypeKind.F64),
            0x0a => ItType.Of(ItTypeKind.String),
            0x3c => ItType.Of(ItTypeKind.ByteArray),
            0x36 => ItType.ArrayOf(Type()),
            0x0c => ItType.Of(ItTypeKind.I32),
            0x0d => ItType.Of(ItTypeKind.I64),
            0x0e => ItType.RecordOf(Uleb()),
            _ => throw Invalid($"unknown value type 0x{b:x2} at offset {_pos - 1}"),
        };
    }

    private ItInstruction Instruction()
    {
        var at = _pos;
        var op = (ItOpcode)Byte();
        return op switch
        {
            ItOpcode.ArgumentGet or ItOpcode.CallCore or ItOpcode.RecordLiftMemory or ItOpcode.RecordLowerMemory
                or ItOpcode.PushI32 or ItOpcode.PushI64 => new ItInstruction(op, Uleb()),
            ItOpcode.ArrayLiftMemory or ItOpcode.ArrayLowerMemory => new ItInstruction(op, Type: Type()),
            _ when Enum.IsDefined(op) => new ItInstruction(op),
            _ => throw Invalid($"unknown instruction 0x{(byte)op:x2} at offset {at}"),
        };
    }

    private uint Index()
    {
        var v = Uleb();
        return v <= uint.MaxValue ? (uint)v : throw Invalid("index out of range");
    }

    private string Name()
    {
        var length = Byte();
        if (_pos + length > _data.Length)
            throw Invalid($"name at offset {_pos} runs past the end of the section");
        string name;
        try
        {
            name = new UTF8Encoding(false, true).GetString(_data.Slice(_pos, length));
        }
        catch (DecoderFallbackException)
        {
            throw Invalid($"name at offset {_pos} is not UTF-8");
        }
        _pos += length;
        return name;
    }

    private byte Byte() =>
        _pos < _data.Length ? _data[_pos++] : throw Invalid($"unexpected end of the section at offset {_pos} (truncated)");

    private ulong Uleb()
    {
        ulong value = 0;
        for (var i = 0; i < 9; i++)
        {
            var b = Byte();
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
                return value;
        }
        throw Invalid($"LEB128 integer at offset {_pos} is longer than 9 bytes");
    }
}
