using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests;

/// <summary>The real <c>fluence</c> process: what a newcomer runs.</summary>
[Collection(CliCollection.Name)]
public sealed class CliProcessTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Local_run_with_the_default_sample_prints_a_greeting_from_the_other_peers_and_exits_zero()
    {
        using var cli = CliProcess.Start("local", "run");

        var exit = await cli.WaitForExitAsync(Limit);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{cli.Output}\nstderr:\n{cli.Error}");
        Assert.Contains("Result:", cli.Output);
        Assert.Equal(2, cli.Output.Split("\"hello from 12D3KooW").Length - 1);
    }

    [Fact]
    public async Task Local_run_of_a_broken_script_exits_non_zero_with_the_parse_error()
    {
        using var directory = new TempDirectory("fluence-cli");
        var script = directory.Combine("broken.air");
        File.WriteAllText(script, AirScripts.Broken);
        using var cli = CliProcess.Start("local", "run", "--air", script, "--peers", "1");

        var exit = await cli.WaitForExitAsync(Limit);

        Assert.Equal(1, exit);
        Assert.Contains("air can't be parsed", cli.Error);
    }

    [Fact]
    public async Task Peer_start_stops_cleanly_on_sigterm_with_exit_code_zero()
    {
        using var directory = new TempDirectory("fluence-cli");
        using var cli = CliProcess.Start("peer", "start", $"--Peer:DataDir={directory.Combine("data")}");
        await cli.WaitForOutputAsync("Running;", Limit);

        cli.Terminate();
        var exit = await cli.WaitForExitAsync(Limit);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{cli.Output}\nstderr:\n{cli.Error}");
        Assert.Contains("Peer stopped.", cli.Output);
        Assert.Contains("interpreter  native-air", cli.Output);
    }

    [Fact]
    public async Task Local_run_on_embedded_defaults_needs_no_avm_wasm()
    {
        using var directory = new TempDirectory("fluence-cli");
        using var cli = CliProcess.Start("local", "run", $"--AquaVm:AvmWasmPath={directory.Combine("no-avm.wasm")}");

        var exit = await cli.WaitForExitAsync(Limit);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{cli.Output}\nstderr:\n{cli.Error}");
        Assert.Equal(2, cli.Output.Split("\"hello from 12D3KooW").Length - 1);
    }

    [Fact]
    public async Task Peer_start_runs_aquavm_when_configuration_selects_it()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");
        using var cli = CliProcess.Start("peer", "start", $"--Peer:DataDir={directory.Combine("data")}", "--Peer:Slots:interpreter=aquavm");
        await cli.WaitForOutputAsync("Running;", Limit);

        cli.Terminate();
        var exit = await cli.WaitForExitAsync(Limit);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{cli.Output}\nstderr:\n{cli.Error}");
        Assert.Contains("interpreter  aquavm", cli.Output);
    }

    [Fact]
    public async Task Plugins_list_and_key_new_still_work()
    {
        using (var list = CliProcess.Start("plugins", "list"))
        {
            Assert.Equal(0, await list.WaitForExitAsync(Limit));
            foreach (var id in new[] { "loopback", "wasmtime", "native-air", "aquavm", "local-store", "scheduler" })
                Assert.Contains($"\n{id} ", "\n" + list.Output);
        }
        using var key = CliProcess.Start("key", "new");
        Assert.Equal(0, await key.WaitForExitAsync(Limit));
        Assert.Matches(@"Peer id: 12D3KooW\w+", key.Output);
    }
}
