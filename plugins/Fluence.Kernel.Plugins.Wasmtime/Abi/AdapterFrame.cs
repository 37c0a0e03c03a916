using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>The state of one run of a compiled adapter: its arguments, its fixed-size stack and the guest it runs in.</summary>
internal sealed class AdapterFrame(IGuest guest, IReadOnlyList<ItValue> arguments, int depth)
{
    public readonly IGuest Guest = guest;
    public readonly IReadOnlyList<ItValue> Arguments = arguments;
    public readonly Slot[] Slots = new Slot[Math.Max(depth, 1)];
}
