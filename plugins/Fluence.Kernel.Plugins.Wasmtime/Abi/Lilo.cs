using System.Buffers.Binary;
using System.Text;
using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// Lowering (host → guest) and lifting (guest → host) of IT values in Marine's linear-memory layout (marine.md §4):
/// fields packed little-endian without padding, strings/arrays as (u32 ptr, u32 length), records as a u32 pointer.
/// Every buffer handed to the guest comes from its <c>allocate</c> and becomes the guest's.
/// </summary>
internal static class Lilo
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static (uint Pointer, uint Length) LowerString(IGuest guest, string value)
    {
        var length = (uint)Encoding.UTF8.GetByteCount(value);
        if (length == 0)
            return (0, 0);
        var pointer = guest.Allocate(length, 1);
        Encoding.UTF8.GetBytes(value, guest.Memory(pointer, length));
        return (pointer, length);
    }

    /// <summary>Copies bytes straight into a fresh guest buffer (no intermediate copy: AquaVM data can be megabytes).</summary>
    public static (uint Pointer, uint Length) LowerBytes(IGuest guest, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
            return (0, 0);
        var length = (uint)value.Length;
        var pointer = guest.Allocate(length, 1);
        value.CopyTo(guest.Memory(pointer, length));
        return (pointer, length);
    }

    /// <summary>Lowers a byte_array or array value; returns (pointer, byte length for byte arrays / element count for arrays).</summary>
    public static (uint Pointer, uint Count) LowerArray(IGuest guest, ItValue value, ItType element, IReadOnlyList<ItTypeEntry>? types = null)
    {
        if (value is ItValue.Bytes bytes)
        {
            if (element.Kind is not (ItTypeKind.U8 or ItTypeKind.S8))
                throw new WasmCallException(WasmFailure.InvalidArguments, $"a byte array cannot be passed as an array of {element.Kind.ToString().ToLowerInvariant()}");
            return LowerBytes(guest, bytes.Value.Span);
        }
        if (value is not ItValue.Array array)
            throw new WasmCallException(WasmFailure.InvalidArguments, $"expected an array, got {ItScalars.Describe(value)}");
        var count = array.Items.Count;
        if (count == 0)
            return (0, 0);
        var size = ItScalars.Size(element.Kind);
        var buffer = new byte[checked(size * count)];
        for (var i = 0; i < count; i++)
            WriteField(guest, buffer.AsSpan(i * size, size), array.Items[i], element, types);
        var pointer = guest.Allocate((uint)buffer.Length, ItScalars.AllocationTag(element.Kind));
        buffer.CopyTo(guest.Memory(pointer, (uint)buffer.Length));
        return (pointer, (uint)count);
    }

    public static uint LowerRecord(IGuest guest, ItValue value, ulong recordId, IReadOnlyList<ItTypeEntry> types)
    {
        var record = RecordType(types, recordId);
        if (value is not ItValue.Record r)
            throw new WasmCallException(WasmFailure.InvalidArguments, $"expected record {record.Name}, got {ItScalars.Describe(value)}");
        if (r.Fields.Count != record.Fields.Count)
            throw new WasmCallException(WasmFailure.InvalidArguments, $"record {record.Name} has {record.Fields.Count} fields, got {r.Fields.Count}");
        var size = 0;
        foreach (var f in record.Fields)
            size += ItScalars.Size(f.Type.Kind);
        var buffer = new byte[size];
        var offset = 0;
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var fieldSize = ItScalars.Size(record.Fields[i].Type.Kind);
            WriteField(guest, buffer.AsSpan(offset, fieldSize), r.Fields[i], record.Fields[i].Type, types);
            offset += fieldSize;
        }
        var pointer = guest.Allocate((uint)size, 1);
        buffer.CopyTo(guest.Memory(pointer, (uint)size));
        return pointer;
    }

    private static void WriteField(IGuest guest, Span<byte> target, ItValue value, ItType type, IReadOnlyList<ItTypeEntry>? types = null)
    {
        types ??= guest.Types;
        switch (type.Kind)
        {
            case ItTypeKind.String:
            {
                var (p, l) = value is ItValue.Text t ? LowerString(guest, t.Value) : throw ItScalars.Mismatch(value, type.Kind);
                BinaryPrimitives.WriteUInt32LittleEndian(target, p);
                BinaryPrimitives.WriteUInt32LittleEndian(target[4..], l);
                return;
            }
            case ItTypeKind.ByteArray:
            {
                var (p, l) = LowerArray(guest, value, ItType.Of(ItTypeKind.U8));
                BinaryPrimitives.WriteUInt32LittleEndian(target, p);
                BinaryPrimitives.WriteUInt32LittleEndian(target[4..], l);
                return;
            }
            case ItTypeKind.Array:
            {
                var (p, l) = LowerArray(guest, value, type.Element!, types);
                BinaryPrimitives.WriteUInt32LittleEndian(target, p);
                BinaryPrimitives.WriteUInt32LittleEndian(target[4..], l);
                return;
            }
            case ItTypeKind.Record:
                BinaryPrimitives.WriteUInt32LittleEndian(target, LowerRecord(guest, value, type.RecordId, types));
                return;
        }
        var bits = ItScalars.ToBits(value, type.Kind);
        switch (target.Length)
        {
            case 1: target[0] = (byte)bits; break;
            case 2: BinaryPrimitives.WriteInt16LittleEndian(target, (short)bits); break;
            case 4: BinaryPrimitives.WriteInt32LittleEndian(target, (int)bits); break;
            default: BinaryPrimitives.WriteInt64LittleEndian(target, bits); break;
        }
    }

    public static string LiftString(IGuest guest, uint pointer, uint length)
    {
        if (length == 0)
            return string.Empty;
        try
        {
            return StrictUtf8.GetString(guest.Memory(pointer, length));
        }
        catch (DecoderFallbackException)
        {
            throw new WasmCallException(WasmFailure.Trap, $"the module returned a string that is not valid UTF-8 (at {pointer}, {length} bytes)");
        }
    }

    public static byte[] LiftBytes(IGuest guest, uint pointer, uint length) =>
        length == 0 ? [] : guest.Memory(pointer, length).ToArray();

    public static ItValue LiftArray(IGuest guest, uint pointer, uint count, ItType element, IReadOnlyList<ItTypeEntry>? types = null)
    {
        if (count == 0)
            return new ItValue.Array([]);
        types ??= guest.Types;
        var size = ItScalars.Size(element.Kind);
        var raw = guest.Memory(pointer, checked(count * (uint)size)).ToArray();
        var items = new ItValue[count];
        for (var i = 0; i < count; i++)
            items[i] = ReadField(guest, raw.AsSpan(i * size, size), element, types);
        return new ItValue.Array(items);
    }

    public static ItValue.Record LiftRecord(IGuest guest, uint pointer, ulong recordId, IReadOnlyList<ItTypeEntry>? types = null)
    {
        types ??= guest.Types;
        var record = RecordType(types, recordId);
        var size = 0;
        foreach (var f in record.Fields)
            size += ItScalars.Size(f.Type.Kind);
        var raw = guest.Memory(pointer, (uint)size).ToArray();
        var fields = new ItValue[record.Fields.Count];
        var offset = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            var fieldSize = ItScalars.Size(record.Fields[i].Type.Kind);
            fields[i] = ReadField(guest, raw.AsSpan(offset, fieldSize), record.Fields[i].Type, types);
            offset += fieldSize;
        }
        return new ItValue.Record(fields);
    }

    private static ItValue ReadField(IGuest guest, ReadOnlySpan<byte> source, ItType type, IReadOnlyList<ItTypeEntry> types)
    {
        switch (type.Kind)
        {
            case ItTypeKind.String:
                return new ItValue.Text(LiftString(guest, U32(source), U32(source[4..])));
            case ItTypeKind.ByteArray:
                return new ItValue.Bytes(LiftBytes(guest, U32(source), U32(source[4..])));
            case ItTypeKind.Array:
                return LiftArray(guest, U32(source), U32(source[4..]), type.Element!, types);
            case ItTypeKind.Record:
                return LiftRecord(guest, U32(source), type.RecordId, types);
        }
        long bits = source.Length switch
        {
            1 => source[0],
            2 => BinaryPrimitives.ReadInt16LittleEndian(source),
            4 => BinaryPrimitives.ReadInt32LittleEndian(source),
            _ => BinaryPrimitives.ReadInt64LittleEndian(source),
        };
        return ItScalars.FromBits(ItScalars.Normalize(bits, type.Kind), type.Kind);
    }

    private static uint U32(ReadOnlySpan<byte> s) => BinaryPrimitives.ReadUInt32LittleEndian(s);

    private static ItRecordEntry RecordType(IReadOnlyList<ItTypeEntry> types, ulong id) =>
        id < (ulong)types.Count && types[(int)id] is ItRecordEntry r
            ? r
            : throw new WasmCallException(WasmFailure.InvalidModule, $"record type {id} is not defined in the module's interface");
}
