using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>Conversions between scalar <see cref="ItValue"/>s and the raw bits a <see cref="Slot"/> carries.</summary>
internal static class ItScalars
{
    public static bool IsScalar(ItTypeKind kind) => kind is not (ItTypeKind.String or ItTypeKind.ByteArray or ItTypeKind.Array or ItTypeKind.Record);

    /// <summary>Serialized size in linear memory (marine.md §4.1).</summary>
    public static int Size(ItTypeKind kind) => kind switch
    {
        ItTypeKind.Boolean or ItTypeKind.S8 or ItTypeKind.U8 => 1,
        ItTypeKind.S16 or ItTypeKind.U16 => 2,
        ItTypeKind.S32 or ItTypeKind.U32 or ItTypeKind.I32 or ItTypeKind.F32 => 4,
        ItTypeKind.S64 or ItTypeKind.U64 or ItTypeKind.I64 or ItTypeKind.F64 => 8,
        ItTypeKind.String or ItTypeKind.ByteArray or ItTypeKind.Array => 8,
        ItTypeKind.Record => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>The <c>allocate</c> type tag of an array's element type (marine.md §4.3).</summary>
    public static int AllocationTag(ItTypeKind kind) => kind switch
    {
        ItTypeKind.Boolean => 0,
        ItTypeKind.U8 => 1,
        ItTypeKind.U16 => 2,
        ItTypeKind.U32 => 3,
        ItTypeKind.U64 => 4,
        ItTypeKind.S8 => 5,
        ItTypeKind.S16 => 6,
        ItTypeKind.S32 or ItTypeKind.I32 => 7,
        ItTypeKind.S64 or ItTypeKind.I64 => 8,
        ItTypeKind.F32 => 9,
        ItTypeKind.F64 => 10,
        _ => 3,
    };

    public static long ToBits(ItValue value, ItTypeKind kind)
    {
        switch (kind)
        {
            case ItTypeKind.Boolean:
                return value is ItValue.Boolean b ? (b.Value ? 1 : 0) : throw Mismatch(value, kind);
            case ItTypeKind.F32:
                return value is ItValue.Float f32 ? BitConverter.SingleToInt32Bits((float)f32.Value) : throw Mismatch(value, kind);
            case ItTypeKind.F64:
                return value is ItValue.Float f64 ? BitConverter.DoubleToInt64Bits(f64.Value) : throw Mismatch(value, kind);
        }
        long raw = value switch
        {
            ItValue.Signed s => s.Value,
            ItValue.Unsigned u => unchecked((long)u.Value),
            _ => throw Mismatch(value, kind),
        };
        var inRange = kind switch
        {
            ItTypeKind.S8 => raw is >= sbyte.MinValue and <= sbyte.MaxValue,
            ItTypeKind.S16 => raw is >= short.MinValue and <= short.MaxValue,
            ItTypeKind.S32 => raw is >= int.MinValue and <= int.MaxValue,
            ItTypeKind.I32 => raw is >= int.MinValue and <= uint.MaxValue,
            ItTypeKind.U8 => raw is >= 0 and <= byte.MaxValue,
            ItTypeKind.U16 => raw is >= 0 and <= ushort.MaxValue,
            ItTypeKind.U32 => raw is >= 0 and <= uint.MaxValue,
            ItTypeKind.U64 => value is ItValue.Unsigned || raw >= 0,
            ItTypeKind.S64 => value is ItValue.Signed || raw >= 0,
            ItTypeKind.I64 => true,
            _ => throw Mismatch(value, kind),
        };
        return inRange ? raw : throw new WasmCallException(WasmFailure.InvalidArguments, $"value {Describe(value)} is out of range for {kind.ToString().ToLowerInvariant()}");
    }

    public static ItValue FromBits(long bits, ItTypeKind kind) => kind switch
    {
        ItTypeKind.Boolean => new ItValue.Boolean(bits != 0),
        ItTypeKind.S8 => new ItValue.Signed(kind, (sbyte)bits),
        ItTypeKind.S16 => new ItValue.Signed(kind, (short)bits),
        ItTypeKind.S32 or ItTypeKind.I32 => new ItValue.Signed(kind, (int)bits),
        ItTypeKind.S64 or ItTypeKind.I64 => new ItValue.Signed(kind, bits),
        ItTypeKind.U8 => new ItValue.Unsigned(kind, (byte)bits),
        ItTypeKind.U16 => new ItValue.Unsigned(kind, (ushort)bits),
        ItTypeKind.U32 => new ItValue.Unsigned(kind, (uint)bits),
        ItTypeKind.U64 => new ItValue.Unsigned(kind, unchecked((ulong)bits)),
        ItTypeKind.F32 => new ItValue.Float(kind, BitConverter.Int32BitsToSingle((int)bits)),
        ItTypeKind.F64 => new ItValue.Float(kind, BitConverter.Int64BitsToDouble(bits)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Normalizes raw bits to the canonical form of <paramref name="kind"/> (truncate, then sign/zero-extend).</summary>
    public static long Normalize(long bits, ItTypeKind kind) => kind switch
    {
        ItTypeKind.Boolean => bits != 0 ? 1 : 0,
        ItTypeKind.S8 => (sbyte)bits,
        ItTypeKind.S16 => (short)bits,
        ItTypeKind.S32 or ItTypeKind.I32 => (int)bits,
        ItTypeKind.U8 => (byte)bits,
        ItTypeKind.U16 => (ushort)bits,
        ItTypeKind.U32 => (uint)bits,
        _ => bits,
    };

    public static WasmCallException Mismatch(ItValue value, ItTypeKind kind) =>
        new(WasmFailure.InvalidArguments, $"expected {kind.ToString().ToLowerInvariant()}, got {Describe(value)}");

    public static string Describe(ItValue value) => value switch
    {
        ItValue.Boolean b => $"bool {b.Value}",
        ItValue.Signed s => $"{s.Kind.ToString().ToLowerInvariant()} {s.Value}",
        ItValue.Unsigned u => $"{u.Kind.ToString().ToLowerInvariant()} {u.Value}",
        ItValue.Float f => $"{f.Kind.ToString().ToLowerInvariant()} {f.Value}",
        ItValue.Text => "a string",
        ItValue.Bytes b => $"a byte array of {b.Value.Length} bytes",
        ItValue.Array a => $"an array of {a.Items.Count} items",
        ItValue.Record r => $"a record of {r.Fields.Count} fields",
        _ => value.GetType().Name,
    };
}
