using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Interface;

/// <summary>One adapter instruction: an opcode with its immediate (index, record id, constant) or element type.</summary>
internal readonly record struct ItInstruction(ItOpcode Op, ulong Immediate = 0, ItType? Type = null)
{
    public override string ToString() => Type is not null ? $"{Op} {Type.Kind}" : $"{Op} {Immediate}";
}
