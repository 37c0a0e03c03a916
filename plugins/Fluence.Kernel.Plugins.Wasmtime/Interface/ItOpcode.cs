namespace Fluence.Kernel.Plugins.Wasmtime.Interface;

/// <summary>Instruction opcodes of Marine's interface-types adapters (wasmer-interface-types-fl binary encoding).</summary>
internal enum ItOpcode : byte
{
    ArgumentGet = 0x00,
    CallCore = 0x01,
    S8FromI32 = 0x02, S8FromI64 = 0x03, S16FromI32 = 0x04, S16FromI64 = 0x05,
    S32FromI32 = 0x06, S32FromI64 = 0x07, S64FromI32 = 0x08, S64FromI64 = 0x09,
    I32FromS8 = 0x0a, I32FromS16 = 0x0b, I32FromS32 = 0x0c, I32FromS64 = 0x0d,
    I64FromS8 = 0x0e, I64FromS16 = 0x0f, I64FromS32 = 0x10, I64FromS64 = 0x11,
    U8FromI32 = 0x12, U8FromI64 = 0x13, U16FromI32 = 0x14, U16FromI64 = 0x15,
    U32FromI32 = 0x16, U32FromI64 = 0x17, U64FromI32 = 0x18, U64FromI64 = 0x19,
    I32FromU8 = 0x1a, I32FromU16 = 0x1b, I32FromU32 = 0x1c, I32FromU64 = 0x1d,
    I64FromU8 = 0x1e, I64FromU16 = 0x1f, I64FromU32 = 0x20, I64FromU64 = 0x21,
    StringLiftMemory = 0x22, StringLowerMemory = 0x23, StringSize = 0x24,
    Dup = 0x34, Swap2 = 0x35,
    ArrayLiftMemory = 0x37, ArrayLowerMemory = 0x38,
    RecordLiftMemory = 0x3a, RecordLowerMemory = 0x3b,
    BoolFromI32 = 0x3e, I32FromBool = 0x3f,
    PushI32 = 0x40, PushI64 = 0x41,
    ByteArrayLiftMemory = 0x43, ByteArrayLowerMemory = 0x44, ByteArraySize = 0x45,
}
