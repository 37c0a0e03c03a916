namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>
/// One value of a compiled adapter's stack: scalars as raw bits (sign- or zero-extended integers, IEEE bits for
/// floats), strings, byte arrays, arrays and records as their <see cref="Runtime.ItValue"/>.
/// </summary>
internal struct Slot
{
    public long Bits;
    public object? Ref;
}
