using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Abi;

/// <summary>What lowering, lifting and compiled adapters need from one instantiated module.</summary>
internal interface IGuest
{
    /// <summary>This module's IT types (record ids in adapters refer to them).</summary>
    IReadOnlyList<ItTypeEntry> Types { get; }

    /// <summary>A bounds-checked view of linear memory; valid until the next call into the guest.</summary>
    Span<byte> Memory(uint pointer, uint length);

    uint Allocate(uint size, int tag);

    /// <summary>Calls IT export <paramref name="index"/> with raw arguments taken from <paramref name="slots"/>; returns the raw result bits.</summary>
    long CallExport(int index, Slot[] slots, int offset);

    /// <summary>Calls adapted import <paramref name="index"/> (a function of another module of the service) with IT values.</summary>
    IReadOnlyList<ItValue> CallImport(int index, IReadOnlyList<ItValue> arguments);
}
