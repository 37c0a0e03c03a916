namespace Fluence.Kernel.Runtime;

/// <summary>Marine interface-types kinds. <see cref="I32"/>/<see cref="I64"/> are raw Wasm integers.</summary>
public enum ItTypeKind
{
    Boolean,
    S8,
    S16,
    S32,
    S64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    String,
    ByteArray,
    Array,
    Record,
    I32,
    I64,
}
