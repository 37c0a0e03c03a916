namespace Fluence.Kernel.Runtime;

/// <summary>An interface type: a kind, plus the element type of an array or the id of a record type.</summary>
public sealed record ItType(ItTypeKind Kind, ItType? Element = null, ulong RecordId = 0)
{
    public static ItType Of(ItTypeKind kind) => new(kind);
    public static ItType ArrayOf(ItType element) => new(ItTypeKind.Array, element);
    public static ItType RecordOf(ulong recordId) => new(ItTypeKind.Record, RecordId: recordId);

    /// <summary>The type name of Marine's interface description: <c>bool, i8…i64, u8…u64, f32, f64, string, []u8, []T</c>, record name.</summary>
    public string ToDisplayString(Func<ulong, string> recordName) => Kind switch
    {
        ItTypeKind.Boolean => "bool",
        ItTypeKind.S8 => "i8",
        ItTypeKind.S16 => "i16",
        ItTypeKind.S32 or ItTypeKind.I32 => "i32",
        ItTypeKind.S64 or ItTypeKind.I64 => "i64",
        ItTypeKind.ByteArray => "[]u8",
        ItTypeKind.Array => "[]" + Element!.ToDisplayString(recordName),
        ItTypeKind.Record => recordName(RecordId),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
