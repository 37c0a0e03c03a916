using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// An IT adapter turned into a fixed sequence of steps over stack slots whose positions and types were resolved at
/// compile time: running it decodes nothing and dispatches on no opcode.
/// </summary>
internal sealed class CompiledAdapter(Action<AdapterFrame>[] steps, int depth, ItType[] outputs)
{
    public IReadOnlyList<ItType> Outputs => outputs;

    public IReadOnlyList<ItValue> Run(IGuest guest, IReadOnlyList<ItValue> arguments)
    {
        var frame = new AdapterFrame(guest, arguments, depth);
        foreach (var step in steps)
            step(frame);
        if (outputs.Length == 0)
            return [];
        var results = new ItValue[outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
            results[i] = ToValue(frame.Slots[i], outputs[i]);
        return results;
    }

    internal static ItValue ToValue(in Slot slot, ItType type) =>
        ItScalars.IsScalar(type.Kind) ? ItScalars.FromBits(slot.Bits, type.Kind) : (ItValue)slot.Ref!;
}
