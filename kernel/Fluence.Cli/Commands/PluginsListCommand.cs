using System.CommandLine;
using Fluence.Kernel.Host;
using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Host.Plugins;
using Fluence.Kernel.Plugins;

namespace Fluence.Cli.Commands;

/// <summary><c>fluence plugins list [--config]</c>: every plugin found (plugin paths and embedded), with its slots.</summary>
internal static class PluginsListCommand
{
    public static Command Create()
    {
        var config = ConfigFileOption.Create();
        var command = new Command("list", "List the plugins found in Peer:PluginPaths and the embedded ones.") { config };
        command.SetAction(parse => Run(ConfigFileOption.Resolve(parse.GetValue(config)), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string? configFile, TextWriter output, TextWriter error)
    {
        PluginCatalog catalog;
        try
        {
            var builder = new PeerHostBuilder(FluenceConfiguration.Load(configFile), FluenceConfiguration.BaseDirectoryOf(configFile))
                .AddDistributionPlugins();
            catalog = builder.DiscoverPlugins();
        }
        catch (PeerConfigurationException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.ConfigurationError;
        }
        output.WriteLine($"{"ID",-20} {"VERSION",-10} {"PROVIDES",-24} {"REQUIRES",-24} SOURCE");
        foreach (var plugin in catalog.Plugins.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            output.WriteLine($"{plugin.Id,-20} {plugin.Manifest.Version,-10} {Slots(plugin.Manifest.Provides),-24} {Slots(plugin.Manifest.Requires),-24} {plugin.Source}");
        }
        foreach (var plugin in catalog.Plugins.Where(p => p.IsEmbedded && !catalog.IsDefault(p)))
            output.WriteLine($"({plugin.Id} is compiled in as an alternative, not a default: choose it with " +
                             $"{string.Join(" or ", plugin.Manifest.Provides.Select(s => $"Peer:Slots:{SlotContracts.NameOf(s)}={plugin.Id}"))})");
        foreach (var embedded in catalog.OverriddenEmbedded)
            output.WriteLine($"(embedded {embedded.Id} {embedded.Manifest.Version} is replaced by the plugin folder with the same id)");
        if (catalog.SearchedFolders.Count == 0)
            output.WriteLine("(no plugin paths configured: set Peer:PluginPaths)");
        return ExitCodes.Success;
    }

    private static string Slots(IReadOnlyList<Slot> slots) => slots.Count == 0 ? "-" : string.Join(",", slots.Select(SlotContracts.NameOf));
}
