namespace Fluence.Kernel.Runtime;

/// <summary>
/// A value crossing the interface-types boundary. The typed path for hosts that must not pay for JSON
/// (the AquaVM interpreter passes megabytes of particle data as <see cref="Bytes"/>).
/// </summary>
public abstract record ItValue
{
    private ItValue() { }

    public sealed record Boolean(bool Value) : ItValue;
    /// <summary>s8, s16, s32, s64, i32, i64.</summary>
    public sealed record Signed(ItTypeKind Kind, long Value) : ItValue;
    /// <summary>u8, u16, u32, u64.</summary>
    public sealed record Unsigned(ItTypeKind Kind, ulong Value) : ItValue;
    /// <summary>f32, f64.</summary>
    public sealed record Float(ItTypeKind Kind, double Value) : ItValue;
    public sealed record Text(string Value) : ItValue;
    /// <summary>byte_array.</summary>
    public sealed record Bytes(ReadOnlyMemory<byte> Value) : ItValue;
    public sealed record Array(IReadOnlyList<ItValue> Items) : ItValue;
    /// <summary>A record's fields in declaration order.</summary>
    public sealed record Record(IReadOnlyList<ItValue> Fields) : ItValue;
}
