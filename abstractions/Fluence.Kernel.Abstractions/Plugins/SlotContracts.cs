using Fluence.Kernel.Chain;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Scheduling;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.Plugins;

/// <summary>Names and contract types of the slots: the one table that ties <see cref="Slot"/> to an interface.</summary>
public static class SlotContracts
{
    private static readonly Dictionary<Slot, Type> Contracts = new()
    {
        [Slot.Transport] = typeof(ITransport),
        [Slot.Runtime] = typeof(IWasmRuntime),
        [Slot.Interpreter] = typeof(IAirInterpreter),
        [Slot.Storage] = typeof(IContentStore),
        [Slot.Chain] = typeof(IChain),
        [Slot.Scheduler] = typeof(IScheduler),
    };

    public static IReadOnlyCollection<Slot> All { get; } = Enum.GetValues<Slot>();

    public static Type ContractOf(Slot slot) => Contracts[slot];

    public static bool TryGetSlot(Type contract, out Slot slot)
    {
        foreach (var (s, type) in Contracts)
        {
            if (type == contract)
            {
                slot = s;
                return true;
            }
        }
        slot = default;
        return false;
    }

    /// <summary>The name used in configuration and manifests: <c>transport</c>, <c>runtime</c>, <c>interpreter</c>, …</summary>
    public static string NameOf(Slot slot) => slot.ToString().ToLowerInvariant();

    public static bool TryParse(string? name, out Slot slot)
    {
        foreach (var s in All)
        {
            if (string.Equals(NameOf(s), name, StringComparison.OrdinalIgnoreCase))
            {
                slot = s;
                return true;
            }
        }
        slot = default;
        return false;
    }
}
