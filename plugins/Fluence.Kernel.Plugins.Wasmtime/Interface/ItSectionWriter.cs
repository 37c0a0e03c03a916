using System.Text;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Interface;

/// <summary>Encodes an <see cref="ItSection"/> in the binary layout <see cref="ItSectionReader"/> reads (marine.md §2 writer order).</summary>
internal static class ItSectionWriter
{
    public static byte[] Write(ItSection section)
    {
        var o = new List<byte>(256);
        o.Add(0x05);
        Name(o, section.Version);
        o.Add(0x00);
        Uleb(o, (ulong)section.Types.Count);
        foreach (var entry in section.Types)
        {
            switch (entry)
            {
                case ItFunctionType f:
                    o.Add(0x00);
                    Count(o, f.Arguments.Count);
                    foreach (var a in f.Arguments)
                    {
                        Name(o, a.Name);
                        Type(o, a.Type);
                    }
                    Count(o, f.Outputs.Count);
                    foreach (var t in f.Outputs)
                        Type(o, t);
                    break;
                case ItRecordEntry r:
                    o.Add(0x01);
                    Name(o, r.Name);
                    Count(o, r.Fields.Count);
                    foreach (var field in r.Fields)
                    {
                        Name(o, field.Name);
                        Type(o, field.Type);
                    }
                    break;
            }
        }
        if (section.Imports.Count > 0)
        {
            o.Add(0x01);
            Uleb(o, (ulong)section.Imports.Count);
            foreach (var i in section.Imports)
            {
                Name(o, i.Namespace);
                Name(o, i.Name);
                Uleb(o, i.FunctionType);
            }
        }
        if (section.Adapters.Count > 0)
        {
            o.Add(0x02);
            Uleb(o, (ulong)section.Adapters.Count);
            foreach (var a in section.Adapters)
            {
                Uleb(o, a.FunctionType);
                Count(o, a.Instructions.Count);
                foreach (var instruction in a.Instructions)
                    Instruction(o, instruction);
            }
        }
        o.Add(0x03);
        Uleb(o, (ulong)section.Exports.Count);
        foreach (var e in section.Exports)
        {
            Name(o, e.Name);
            Uleb(o, e.FunctionType);
        }
        if (section.Implementations.Count > 0)
        {
            o.Add(0x04);
            Uleb(o, (ulong)section.Implementations.Count);
            foreach (var i in section.Implementations)
            {
                Uleb(o, i.CoreFunctionType);
                Uleb(o, i.AdapterFunctionType);
            }
        }
        return [.. o];
    }

    private static void Instruction(List<byte> o, ItInstruction instruction)
    {
        o.Add((byte)instruction.Op);
        switch (instruction.Op)
        {
            case ItOpcode.ArgumentGet or ItOpcode.CallCore or ItOpcode.RecordLiftMemory or ItOpcode.RecordLowerMemory
                or ItOpcode.PushI32 or ItOpcode.PushI64:
                Uleb(o, instruction.Immediate);
                break;
            case ItOpcode.ArrayLiftMemory or ItOpcode.ArrayLowerMemory:
                Type(o, instruction.Type!);
                break;
        }
    }

    internal static void Type(List<byte> o, ItType type)
    {
        switch (type.Kind)
        {
            case ItTypeKind.Boolean: o.Add(0x0b); break;
            case ItTypeKind.S8: o.Add(0x00); break;
            case ItTypeKind.S16: o.Add(0x01); break;
            case ItTypeKind.S32: o.Add(0x02); break;
            case ItTypeKind.S64: o.Add(0x03); break;
            case ItTypeKind.U8: o.Add(0x04); break;
            case ItTypeKind.U16: o.Add(0x05); break;
            case ItTypeKind.U32: o.Add(0x06); break;
            case ItTypeKind.U64: o.Add(0x07); break;
            case ItTypeKind.F32: o.Add(0x08); break;
            case ItTypeKind.F64: o.Add(0x09); break;
            case ItTypeKind.String: o.Add(0x0a); break;
            case ItTypeKind.ByteArray: o.Add(0x3c); break;
            case ItTypeKind.I32: o.Add(0x0c); break;
            case ItTypeKind.I64: o.Add(0x0d); break;
            case ItTypeKind.Array:
                o.Add(0x36);
                Type(o, type.Element!);
                break;
            case ItTypeKind.Record:
                o.Add(0x0e);
                Uleb(o, type.RecordId);
                break;
        }
    }

    // Inner list counts are one byte in the reader; refuse what it could not read back.
    private static void Count(List<byte> o, int count)
    {
        if (count > 127)
            throw new ArgumentException($"an interface-types list holds at most 127 items, got {count}");
        o.Add((byte)count);
    }

    private static void Name(List<byte> o, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length > 255)
            throw new ArgumentException($"an interface-types name is at most 255 bytes: '{name}'");
        o.Add((byte)bytes.Length);
        o.AddRange(bytes);
    }

    private static void Uleb(List<byte> o, ulong value)
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
