using Fluence.Kernel.Plugins;

namespace Fluence.Kernel.Host.Plugins;

/// <summary>Which plugin fills a slot, and why (for <c>peer start</c>'s report).</summary>
public sealed record SlotAssignment(Slot Slot, PluginDescriptor Plugin, SlotChoice Choice)
{
    public string SlotName => SlotContracts.NameOf(Slot);
}

public enum SlotChoice
{
    /// <summary>Named in <c>Peer:Slots:&lt;slot&gt;</c>.</summary>
    Configured,
    /// <summary>The only enabled plugin folder providing the slot.</summary>
    Inferred,
    /// <summary>The distribution's default: an embedded plugin, or a plugin folder with the same id replacing it.</summary>
    Default,
}
