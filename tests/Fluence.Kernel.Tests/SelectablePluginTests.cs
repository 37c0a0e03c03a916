using Fluence.Cli;
using Fluence.Kernel.Host;
using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Host.Plugins;
using Fluence.Kernel.Plugins;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Fluence.Kernel.Tests;

/// <summary>Embedded alternatives (compiled in, not defaults) are chosen only by configuration: the distribution's lists.</summary>
public sealed class SelectablePluginTests
{
    [Fact]
    public void An_embedded_alternative_does_not_compete_with_the_default_of_its_slot()
    {
        var catalog = PluginCatalog.Discover([], EmbeddedPlugins.Defaults, EmbeddedPlugins.Selectable);

        var interpreter = Plan(catalog).ProviderOf(Slot.Interpreter)!;

        Assert.Equal("native-air", interpreter.Plugin.Id);
        Assert.Equal(SlotChoice.Default, interpreter.Choice);
        Assert.False(catalog.IsDefault(catalog.Plugins.Single(p => p.Id == "aquavm")));
    }

    [Fact]
    public void An_embedded_alternative_is_used_when_configuration_names_it()
    {
        var catalog = PluginCatalog.Discover([], EmbeddedPlugins.Defaults, EmbeddedPlugins.Selectable);

        var interpreter = Plan(catalog, ("Peer:Slots:interpreter", "aquavm")).ProviderOf(Slot.Interpreter)!;

        Assert.Equal("aquavm", interpreter.Plugin.Id);
        Assert.Equal(SlotChoice.Configured, interpreter.Choice);
    }

    [Fact]
    public void Two_embedded_defaults_for_one_slot_are_reported_as_ambiguous()
    {
        var catalog = PluginCatalog.Discover([], [.. EmbeddedPlugins.Defaults, .. EmbeddedPlugins.Selectable]);

        var error = Assert.Throws<PeerConfigurationException>(() => Plan(catalog));

        Assert.Contains("slot 'interpreter' has 2 providers", error.Message);
    }

    private static PeerPlan Plan(PluginCatalog catalog, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return PeerPlanner.Plan(catalog, PeerSettings.From(configuration, Path.GetTempPath()));
    }
}
