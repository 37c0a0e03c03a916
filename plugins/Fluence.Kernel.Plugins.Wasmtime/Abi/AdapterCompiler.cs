using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>Raw Wasm signature of an IT export (call-core target): parameter and result kinds (I32, I64, F32, F64).</summary>
internal sealed record CoreSignature(ItTypeKind[] Parameters, ItTypeKind[] Results);

/// <summary>
/// Compiles an IT adapter (marine.md §3.3) once: the stack machine is simulated with static types, so every
/// instruction becomes a step that reads and writes fixed slots. Any inconsistency is an invalid module, found at load.
/// </summary>
internal sealed class AdapterCompiler(
    ItSection section,
    Func<int, CoreSignature> exportSignature,
    IReadOnlyList<ItFunctionType> importSignatures)
{
    public CompiledAdapter Compile(string functionName, ItFunctionType signature, ItAdapter adapter)
    {
        var stack = new List<ItType>();
        var steps = new List<Action<AdapterFrame>>();
        var maxDepth = 0;

        ItType Pop(string what)
        {
            if (stack.Count == 0)
                throw Invalid(functionName, $"{what} pops from an empty stack");
            var t = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return t;
        }
        void Push(ItType t)
        {
            stack.Add(t);
            maxDepth = Math.Max(maxDepth, stack.Count);
        }
        void Expect(ItType actual, string what, params ItTypeKind[] kinds)
        {
            if (!kinds.Contains(actual.Kind))
                throw Invalid(functionName, $"{what} expects {string.Join("/", kinds)}, the stack holds {actual.Kind}");
        }

        foreach (var instruction in adapter.Instructions)
        {
            var op = instruction.Op;
            switch (op)
            {
                case ItOpcode.ArgumentGet:
                {
                    var index = (int)instruction.Immediate;
                    if (index >= signature.Arguments.Count)
                        throw Invalid(functionName, $"arg.get {index} of a function with {signature.Arguments.Count} arguments");
                    var type = signature.Arguments[index].Type;
                    var slot = stack.Count;
                    if (ItScalars.IsScalar(type.Kind))
                    {
                        var kind = type.Kind;
                        steps.Add(f => f.Slots[slot].Bits = ItScalars.ToBits(f.Arguments[index], kind));
                    }
                    else
                    {
                        steps.Add(f => f.Slots[slot].Ref = f.Arguments[index]);
                    }
                    Push(type);
                    break;
                }
                case ItOpcode.CallCore:
                {
                    var index = (int)instruction.Immediate;
                    var exportCount = section.Exports.Count;
                    if (index < exportCount)
                    {
                        var core = exportSignature(index);
                        for (var i = core.Parameters.Length - 1; i >= 0; i--)
                        {
                            var actual = Pop("call-core");
                            if (ItScalars.IsScalar(actual.Kind) && ItScalars.Size(actual.Kind) > 4 != (core.Parameters[i] is ItTypeKind.I64 or ItTypeKind.F64))
                                throw Invalid(functionName, $"call-core {index} parameter {i} is {core.Parameters[i]}, the stack holds {actual.Kind}");
                            if (!ItScalars.IsScalar(actual.Kind))
                                throw Invalid(functionName, $"call-core {index} parameter {i} is {core.Parameters[i]}, the stack holds {actual.Kind}");
                        }
                        if (core.Results.Length > 1)
                            throw Invalid(functionName, $"call-core {index} returns several values");
                        var offset = stack.Count;
                        if (core.Results.Length == 1)
                        {
                            var resultKind = core.Results[0];
                            steps.Add(f => f.Slots[offset].Bits = ItScalars.Normalize(f.Guest.CallExport(index, f.Slots, offset), resultKind));
                            Push(ItType.Of(resultKind));
                        }
                        else
                        {
                            steps.Add(f => f.Guest.CallExport(index, f.Slots, offset));
                        }
                    }
                    else
                    {
                        var importIndex = index - exportCount;
                        if (importIndex >= importSignatures.Count)
                            throw Invalid(functionName, $"call-core {index} refers to no export or adapted import");
                        var callee = importSignatures[importIndex];
                        var argTypes = callee.Arguments.Select(a => a.Type).ToArray();
                        for (var i = argTypes.Length - 1; i >= 0; i--)
                            Pop("call-core");
                        var offset = stack.Count;
                        var outputs = callee.Outputs.ToArray();
                        steps.Add(f =>
                        {
                            var args = new ItValue[argTypes.Length];
                            for (var i = 0; i < args.Length; i++)
                                args[i] = CompiledAdapter.ToValue(f.Slots[offset + i], argTypes[i]);
                            var results = f.Guest.CallImport(importIndex, args);
                            for (var i = 0; i < outputs.Length; i++)
                            {
                                if (ItScalars.IsScalar(outputs[i].Kind))
                                    f.Slots[offset + i].Bits = ItScalars.ToBits(results[i], outputs[i].Kind);
                                else
                                    f.Slots[offset + i].Ref = results[i];
                            }
                        });
                        foreach (var o in outputs)
                            Push(o);
                    }
                    break;
                }
                case ItOpcode.StringSize or ItOpcode.ByteArraySize:
                {
                    var t = Pop(op.ToString());
                    Expect(t, op.ToString(), ItTypeKind.String, ItTypeKind.ByteArray, ItTypeKind.Array);
                    var slot = stack.Count;
                    steps.Add(f => f.Slots[slot].Bits = f.Slots[slot].Ref switch
                    {
                        ItValue.Text s => System.Text.Encoding.UTF8.GetByteCount(s.Value),
                        ItValue.Bytes b => b.Value.Length,
                        ItValue.Array a => a.Items.Count,
                        var other => throw Mismatch(other, "string or byte array"),
                    });
                    Push(ItType.Of(ItTypeKind.I32));
                    break;
                }
                case ItOpcode.StringLowerMemory or ItOpcode.ByteArrayLowerMemory:
                {
                    Pop(op.ToString());
                    Expect(Pop(op.ToString()), op.ToString() + " pointer", ItTypeKind.I32);
                    var slot = stack.Count; // pointer at slot, value at slot + 1
                    if (op == ItOpcode.StringLowerMemory)
                    {
                        steps.Add(f =>
                        {
                            var text = f.Slots[slot + 1].Ref as ItValue.Text ?? throw Mismatch(f.Slots[slot + 1].Ref, "string");
                            var pointer = (uint)f.Slots[slot].Bits;
                            var bytes = System.Text.Encoding.UTF8.GetByteCount(text.Value);
                            if (bytes > 0)
                                System.Text.Encoding.UTF8.GetBytes(text.Value, f.Guest.Memory(pointer, (uint)bytes));
                            f.Slots[slot + 1] = new Slot { Bits = bytes };
                        });
                    }
                    else
                    {
                        steps.Add(f =>
                        {
                            var pointer = (uint)f.Slots[slot].Bits;
                            var length = 0;
                            switch (f.Slots[slot + 1].Ref)
                            {
                                case ItValue.Bytes b:
                                    length = b.Value.Length;
                                    if (length > 0)
                                        b.Value.Span.CopyTo(f.Guest.Memory(pointer, (uint)length));
                                    break;
                                case ItValue.Array a:
                                    length = a.Items.Count;
                                    var target = length > 0 ? f.Guest.Memory(pointer, (uint)length) : default;
                                    for (var i = 0; i < length; i++)
                                        target[i] = (byte)ItScalars.ToBits(a.Items[i], ItTypeKind.U8);
                                    break;
                                default:
                                    throw Mismatch(f.Slots[slot + 1].Ref, "byte array");
                            }
                            f.Slots[slot + 1] = new Slot { Bits = length };
                        });
                    }
                    Push(ItType.Of(ItTypeKind.I32));
                    Push(ItType.Of(ItTypeKind.I32));
                    break;
                }
                case ItOpcode.StringLiftMemory or ItOpcode.ByteArrayLiftMemory:
                {
                    Expect(Pop(op.ToString()), op.ToString() + " length", ItTypeKind.I32);
                    Expect(Pop(op.ToString()), op.ToString() + " pointer", ItTypeKind.I32);
                    var slot = stack.Count;
                    if (op == ItOpcode.StringLiftMemory)
                        steps.Add(f => f.Slots[slot] = new Slot { Ref = new ItValue.Text(Lilo.LiftString(f.Guest, (uint)f.Slots[slot].Bits, (uint)f.Slots[slot + 1].Bits)) });
                    else
                        steps.Add(f => f.Slots[slot] = new Slot { Ref = new ItValue.Bytes(Lilo.LiftBytes(f.Guest, (uint)f.Slots[slot].Bits, (uint)f.Slots[slot + 1].Bits)) });
                    Push(ItType.Of(op == ItOpcode.StringLiftMemory ? ItTypeKind.String : ItTypeKind.ByteArray));
                    break;
                }
                case ItOpcode.ArrayLowerMemory:
                {
                    Pop(op.ToString());
                    var element = instruction.Type!;
                    var slot = stack.Count;
                    steps.Add(f =>
                    {
                        var (pointer, count) = Lilo.LowerArray(f.Guest, (ItValue)f.Slots[slot].Ref!, element);
                        f.Slots[slot] = new Slot { Bits = pointer };
                        f.Slots[slot + 1] = new Slot { Bits = count };
                    });
                    Push(ItType.Of(ItTypeKind.I32));
                    Push(ItType.Of(ItTypeKind.I32));
                    break;
                }
                case ItOpcode.ArrayLiftMemory:
                {
                    Expect(Pop(op.ToString()), "array.lift_memory count", ItTypeKind.I32);
                    Expect(Pop(op.ToString()), "array.lift_memory pointer", ItTypeKind.I32);
                    var element = instruction.Type!;
                    var slot = stack.Count;
                    steps.Add(f => f.Slots[slot] = new Slot { Ref = Lilo.LiftArray(f.Guest, (uint)f.Slots[slot].Bits, (uint)f.Slots[slot + 1].Bits, element) });
                    Push(ItType.ArrayOf(element));
                    break;
                }
                case ItOpcode.RecordLowerMemory:
                {
                    Pop(op.ToString());
                    var id = instruction.Immediate;
                    section.RecordType(id);
                    var slot = stack.Count;
                    steps.Add(f => f.Slots[slot] = new Slot { Bits = Lilo.LowerRecord(f.Guest, (ItValue)f.Slots[slot].Ref!, id, f.Guest.Types) });
                    Push(ItType.Of(ItTypeKind.I32));
                    break;
                }
                case ItOpcode.RecordLiftMemory:
                {
                    Expect(Pop(op.ToString()), "record.lift_memory pointer", ItTypeKind.I32);
                    var id = instruction.Immediate;
                    section.RecordType(id);
                    var slot = stack.Count;
                    steps.Add(f => f.Slots[slot] = new Slot { Ref = Lilo.LiftRecord(f.Guest, (uint)f.Slots[slot].Bits, id) });
                    Push(ItType.RecordOf(id));
                    break;
                }
                case ItOpcode.Dup:
                {
                    var t = Pop("dup");
                    var slot = stack.Count;
                    steps.Add(f => f.Slots[slot + 1] = f.Slots[slot]);
                    Push(t);
                    Push(t);
                    break;
                }
                case ItOpcode.Swap2:
                {
                    var b = Pop("swap2");
                    var a = Pop("swap2");
                    var slot = stack.Count;
                    steps.Add(f => (f.Slots[slot], f.Slots[slot + 1]) = (f.Slots[slot + 1], f.Slots[slot]));
                    Push(b);
                    Push(a);
                    break;
                }
                case ItOpcode.PushI32 or ItOpcode.PushI64:
                {
                    var slot = stack.Count;
                    var kind = op == ItOpcode.PushI32 ? ItTypeKind.I32 : ItTypeKind.I64;
                    var value = ItScalars.Normalize(unchecked((long)instruction.Immediate), kind);
                    steps.Add(f => f.Slots[slot] = new Slot { Bits = value });
                    Push(ItType.Of(kind));
                    break;
                }
                default:
                {
                    var (from, to) = Conversion(op);
                    var t = Pop(op.ToString());
                    if (ItScalars.Size(t.Kind) > 4 != ItScalars.Size(from) > 4 || !ItScalars.IsScalar(t.Kind))
                        throw Invalid(functionName, $"{op} expects {from}, the stack holds {t.Kind}");
                    var slot = stack.Count;
                    steps.Add(f => f.Slots[slot].Bits = ItScalars.Normalize(f.Slots[slot].Bits, to));
                    Push(ItType.Of(to));
                    break;
                }
            }
        }
        if (stack.Count != signature.Outputs.Count)
            throw Invalid(functionName, $"the adapter leaves {stack.Count} values for {signature.Outputs.Count} outputs");
        for (var i = 0; i < stack.Count; i++)
        {
            var declared = signature.Outputs[i].Kind;
            if (ItScalars.IsScalar(declared) != ItScalars.IsScalar(stack[i].Kind))
                throw Invalid(functionName, $"output {i} is declared {declared}, the adapter leaves {stack[i].Kind}");
        }
        return new CompiledAdapter([.. steps], maxDepth, [.. signature.Outputs]);
    }

    private static (ItTypeKind From, ItTypeKind To) Conversion(ItOpcode op) => op switch
    {
        ItOpcode.S8FromI32 => (ItTypeKind.I32, ItTypeKind.S8),
        ItOpcode.S8FromI64 => (ItTypeKind.I64, ItTypeKind.S8),
        ItOpcode.S16FromI32 => (ItTypeKind.I32, ItTypeKind.S16),
        ItOpcode.S16FromI64 => (ItTypeKind.I64, ItTypeKind.S16),
        ItOpcode.S32FromI32 => (ItTypeKind.I32, ItTypeKind.S32),
        ItOpcode.S32FromI64 => (ItTypeKind.I64, ItTypeKind.S32),
        ItOpcode.S64FromI32 => (ItTypeKind.I32, ItTypeKind.S64),
        ItOpcode.S64FromI64 => (ItTypeKind.I64, ItTypeKind.S64),
        ItOpcode.I32FromS8 => (ItTypeKind.S8, ItTypeKind.I32),
        ItOpcode.I32FromS16 => (ItTypeKind.S16, ItTypeKind.I32),
        ItOpcode.I32FromS32 => (ItTypeKind.S32, ItTypeKind.I32),
        ItOpcode.I32FromS64 => (ItTypeKind.S64, ItTypeKind.I32),
        ItOpcode.I64FromS8 => (ItTypeKind.S8, ItTypeKind.I64),
        ItOpcode.I64FromS16 => (ItTypeKind.S16, ItTypeKind.I64),
        ItOpcode.I64FromS32 => (ItTypeKind.S32, ItTypeKind.I64),
        ItOpcode.I64FromS64 => (ItTypeKind.S64, ItTypeKind.I64),
        ItOpcode.U8FromI32 => (ItTypeKind.I32, ItTypeKind.U8),
        ItOpcode.U8FromI64 => (ItTypeKind.I64, ItTypeKind.U8),
        ItOpcode.U16FromI32 => (ItTypeKind.I32, ItTypeKind.U16),
        ItOpcode.U16FromI64 => (ItTypeKind.I64, ItTypeKind.U16),
        ItOpcode.U32FromI32 => (ItTypeKind.I32, ItTypeKind.U32),
        ItOpcode.U32FromI64 => (ItTypeKind.I64, ItTypeKind.U32),
        ItOpcode.U64FromI32 => (ItTypeKind.I32, ItTypeKind.U64),
        ItOpcode.U64FromI64 => (ItTypeKind.I64, ItTypeKind.U64),
        ItOpcode.I32FromU8 => (ItTypeKind.U8, ItTypeKind.I32),
        ItOpcode.I32FromU16 => (ItTypeKind.U16, ItTypeKind.I32),
        ItOpcode.I32FromU32 => (ItTypeKind.U32, ItTypeKind.I32),
        ItOpcode.I32FromU64 => (ItTypeKind.U64, ItTypeKind.I32),
        ItOpcode.I64FromU8 => (ItTypeKind.U8, ItTypeKind.I64),
        ItOpcode.I64FromU16 => (ItTypeKind.U16, ItTypeKind.I64),
        ItOpcode.I64FromU32 => (ItTypeKind.U32, ItTypeKind.I64),
        ItOpcode.I64FromU64 => (ItTypeKind.U64, ItTypeKind.I64),
        ItOpcode.BoolFromI32 => (ItTypeKind.I32, ItTypeKind.Boolean),
        ItOpcode.I32FromBool => (ItTypeKind.Boolean, ItTypeKind.I32),
        _ => throw new WasmCallException(WasmFailure.InvalidModule, $"unsupported adapter instruction {op}"),
    };

    private static WasmCallException Mismatch(object? value, string expected) =>
        value is ItValue v ? new(WasmFailure.InvalidArguments, $"expected {expected}, got {ItScalars.Describe(v)}") : new(WasmFailure.InvalidArguments, $"expected {expected}");

    private static WasmCallException Invalid(string function, string message) =>
        new(WasmFailure.InvalidModule, $"invalid interface-types adapter of '{function}': {message}");
}
