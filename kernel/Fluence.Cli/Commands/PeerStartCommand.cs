using System.CommandLine;
using Fluence.Kernel.Host;
using Fluence.Kernel.Host.Configuration;
using Fluence.Kernel.Host.Plugins;
using Fluence.Kernel.Plugins;

namespace Fluence.Cli.Commands;

/// <summary>
/// <c>fluence peer start [--config fluence.json] [--Section:Key=value …]</c>: starts a peer, prints its id, listen
/// addresses and slot providers, and runs until Ctrl+C or SIGTERM.
/// </summary>
internal static class PeerStartCommand
{
    public static Command Create()
    {
        var config = ConfigFileOption.Create();
        var command = new Command("start", "Start a peer and run it until Ctrl+C or SIGTERM. Extra --Section:Key=value arguments override the configuration.")
        {
            config,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) =>
            RunAsync(ConfigFileOption.Resolve(parse.GetValue(config)), parse.UnmatchedTokens, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string? configFile, IReadOnlyList<string> overrides, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        PeerHost peer;
        try
        {
            var configuration = FluenceConfiguration.Load(configFile, overrides);
            var builder = new PeerHostBuilder(configuration, FluenceConfiguration.BaseDirectoryOf(configFile))
                .AddDistributionPlugins();
            foreach (var module in KernelModules.Create())
                builder.AddModule(module);
            peer = builder.Build();
        }
        catch (PeerConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.ConfigurationError;
        }
        await using (peer)
        {
            try
            {
                await peer.StartAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM while starting: what had started is already stopped.
                await error.WriteLineAsync("peer start interrupted; stopped");
                return ExitCodes.Failure;
            }
            catch (Exception ex) when (StartupValidationErrors.TryDescribe(ex, out var invalid))
            {
                await error.WriteLineAsync(invalid);
                return ExitCodes.ConfigurationError;
            }
            catch (Exception ex)
            {
                await error.WriteLineAsync($"peer failed to start: {ex.Message}");
                return ExitCodes.Failure;
            }
            await output.WriteLineAsync($"Peer id: {peer.Environment.HostId}");
            await output.WriteLineAsync("Listen addresses:");
            // With the peer id: the full address is what `fluence run --relay` and js-client dial.
            foreach (var address in peer.ListenAddresses)
                await output.WriteLineAsync($"  {(address.PeerId is null ? address.WithPeerId(peer.Environment.HostId) : address)}");
            if (peer.ListenAddresses.Count == 0)
                await output.WriteLineAsync("  (none)");
            await output.WriteLineAsync("Slots:");
            foreach (var slot in SlotContracts.All)
                await output.WriteLineAsync($"  {SlotContracts.NameOf(slot),-12} {Describe(peer.Plan.ProviderOf(slot))}");
            await output.WriteLineAsync("Running; press Ctrl+C to stop.");
            await output.FlushAsync(cancellationToken);

            await peer.WaitForShutdownAsync(cancellationToken);
            await output.WriteLineAsync("Peer stopped.");
        }
        return ExitCodes.Success;
    }

    private static string Describe(SlotAssignment? assignment) => assignment is null
        ? "(none)"
        : $"{assignment.Plugin.Id} {assignment.Plugin.Manifest.Version} — " + assignment.Choice switch
        {
            SlotChoice.Configured => $"configured, {assignment.Plugin.Source}",
            SlotChoice.Inferred => $"only enabled provider, {assignment.Plugin.Source}",
            _ => assignment.Plugin.IsEmbedded ? "embedded default" : $"default, {assignment.Plugin.Source}",
        };
}
