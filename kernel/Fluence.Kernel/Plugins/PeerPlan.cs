using Fluence.Kernel.Plugins;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>
/// The resolved composition of a peer, computed from manifests and configuration before any plugin is loaded:
/// the provider of each slot, every plugin to register, and the order to start them in.
/// </summary>
public sealed class PeerPlan
{
    internal PeerPlan(IReadOnlyDictionary<Slot, SlotAssignment> slots, IReadOnlyList<PluginDescriptor> startOrder)
    {
        Slots = slots;
        StartOrder = startOrder;
    }

    public IReadOnlyDictionary<Slot, SlotAssignment> Slots { get; }

    /// <summary>Enabled plugins, each after the providers of the slots it requires (stop in reverse).</summary>
    public IReadOnlyList<PluginDescriptor> StartOrder { get; }

    public SlotAssignment? ProviderOf(Slot slot) => Slots.GetValueOrDefault(slot);
}
