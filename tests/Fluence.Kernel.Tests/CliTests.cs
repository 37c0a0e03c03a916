using Fluence.Cli.Commands;
using Fluence.Kernel.Identity;
using Xunit;

namespace Fluence.Kernel.Tests;

/// <summary>The <c>fluence</c> commands, run in-process with captured output.</summary>
[Collection(TestPluginsCollection.Name)]
public sealed class CliTests(TestPluginsFixture plugins)
{
    [Fact]
    public async Task Peer_start_with_an_unknown_slot_provider_fails_with_a_configuration_error_and_a_non_zero_exit()
    {
        // The CLI embeds a default for every required slot, so the configuration error here is an unknown provider.
        using var sandbox = new PeerSandbox(plugins);
        sandbox.Configure("""{"Peer": {"Slots": {"transport": "no-such-transport"}}}""");
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await PeerStartCommand.RunAsync(sandbox.ConfigFile, [], output, error, CancellationToken.None);

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("Peer:Slots:transport", error.ToString());
        Assert.Contains("no-such-transport", error.ToString());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Peer_start_prints_the_peer_id_listen_addresses_and_slot_providers_then_stops_cleanly()
    {
        using var sandbox = new PeerSandbox(plugins, "TestPlugin.Storage", "TestPlugin.TransportB", "TestPlugin.Runtime", "TestPlugin.Interpreter");
        sandbox.Configure("""{"Peer": {"SecretKey": "7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=", "Plugins": ["transport-b", "test-interpreter", "test-runtime", "test-storage"]}}""");
        var (output, error) = (new StringWriter(), new StringWriter());
        using var stop = new CancellationTokenSource();

        var run = PeerStartCommand.RunAsync(sandbox.ConfigFile, [], output, error, stop.Token);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            // The report is printed once the plugins and then the kernel modules have started, before the command waits for shutdown.
            while (!output.ToString().Contains("Running;", StringComparison.Ordinal) && !run.IsCompleted)
                await Task.Delay(20, timeout.Token);
        }
        stop.Cancel();
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == ExitCodes.Success, error.ToString());
        var text = output.ToString();
        Assert.Contains("Peer id: 12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D", text);
        Assert.Contains("/ip4/127.0.0.1/tcp/1002/ws", text);
        Assert.Matches(@"transport\s+transport-b 1\.0\.0", text);
        Assert.Matches(@"scheduler\s+scheduler 1\.0\.0 — embedded default", text);
        Assert.Matches(@"chain\s+\(none\)", text);
        Assert.Contains("Peer stopped.", text);
        Assert.Equal("stop test-storage", sandbox.LifecycleEvents[^1]);
    }

    [Fact]
    public void Plugins_list_shows_folder_and_embedded_plugins_with_their_slots()
    {
        using var sandbox = new PeerSandbox(plugins, "TestPlugin.TransportA", "TestPlugin.JsonOld");
        sandbox.Configure("{}");
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = PluginsListCommand.Run(sandbox.ConfigFile, output, error);

        Assert.Equal(ExitCodes.Success, exit);
        var lines = output.ToString().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("transport-a") && l.Contains("transport") && l.Contains("storage") && l.Contains(sandbox.PluginFolder("TestPlugin.TransportA")));
        Assert.Contains(lines, l => l.StartsWith("json-old") && l.Contains(sandbox.PluginFolder("TestPlugin.JsonOld")));
        Assert.Contains(lines, l => l.StartsWith("scheduler") && l.Contains("embedded (Fluence.Kernel.Plugins.Scheduler)"));
    }

    [Fact]
    public void Plugins_list_reports_a_malformed_manifest_with_a_non_zero_exit()
    {
        using var sandbox = new PeerSandbox(plugins, "TestPlugin.TransportA");
        sandbox.Configure("{}");
        File.WriteAllText(Path.Combine(sandbox.PluginFolder("TestPlugin.TransportA"), "plugin.json"), "{}");
        var (output, error) = (new StringWriter(), new StringWriter());

        Assert.Equal(ExitCodes.ConfigurationError, PluginsListCommand.Run(sandbox.ConfigFile, output, error));
        Assert.Contains("'id' is missing", error.ToString());
    }

    [Fact]
    public void Key_new_prints_a_usable_key_in_every_form()
    {
        var output = new StringWriter();

        Assert.Equal(ExitCodes.Success, KeyNewCommand.Run(output));

        var values = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(": ") + 2)..].Trim()).ToArray();
        using var fromBase64 = KeyPair.FromBase64(values[1]);
        using var fromBase58 = KeyPair.FromBase58(values[2]);
        Assert.Equal(values[0], fromBase64.PeerId.ToString());
        Assert.Equal(values[0], fromBase58.PeerId.ToString());
    }
}
