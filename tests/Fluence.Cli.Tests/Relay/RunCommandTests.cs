using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests.Relay;

/// <summary>
/// <c>fluence run</c> as a real process against a running <c>fluence peer start</c> with the libp2p plugin: what a user
/// types after copying an address from the peer's report.
/// </summary>
[Collection(Libp2pPeersCollection.Name)]
public sealed class RunCommandTests(Libp2pPeers peers) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _directory = new("fluence-run");

    [Fact]
    public void Peer_start_prints_full_addresses_with_the_peer_id_for_tcp_and_ws()
    {
        // Libp2pPeers read them from the "Listen addresses:" report of `fluence peer start`.
        Assert.StartsWith("/ip4/127.0.0.1/tcp/", peers.RelayTcp);
        Assert.EndsWith($"/p2p/{peers.RelayId}", peers.RelayTcp);
        Assert.EndsWith($"/ws/p2p/{peers.RelayId}", peers.RelayWs);
    }

    [Fact]
    public async Task Run_over_ws_without_a_script_prints_the_relays_greeting_and_exits_zero()
    {
        var (exit, output, error) = await RunAsync("run", "--relay", peers.RelayWs);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Contains($"connected to relay {peers.RelayId}", output);
        Assert.Contains("Result:", output);
        Assert.Contains($"\"hello from {peers.RelayId}\"", output);
    }

    [Fact]
    public async Task Run_over_tcp_reaches_the_second_peer_behind_the_relay_and_prints_only_json()
    {
        var script = Script(RelayScripts.PeerIdOfTargetBehindRelay);

        var (exit, output, error) = await RunAsync("run", "--relay", peers.RelayTcp, "--air", script,
            "--data", $$"""{"target": "{{peers.SecondId}}"}""", "--json");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Equal($"\"{peers.SecondId}\"", output.Trim());
    }

    [Fact]
    public async Task Run_substitutes_peer_1_with_the_relay_like_local_run()
    {
        var script = Script("""
            (seq
             (call "{{PEER_1}}" ("op" "identity") ["{{PEER_1}}"] relay)
             (call %init_peer_id% ("callbackSrv" "response") [relay]))
            """);

        var (exit, output, error) = await RunAsync("run", "--relay", peers.RelayWs, "--air", script, "--json");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{output}\nstderr:\n{error}");
        Assert.Equal($"\"{peers.RelayId}\"", output.Trim());
    }

    [Fact]
    public async Task Run_against_a_relay_that_is_not_there_exits_non_zero_with_a_clear_error()
    {
        var nobody = $"/ip4/127.0.0.1/tcp/{OneShotHttpServer.FreePort()}/ws/p2p/{peers.RelayId}";

        var (exit, _, error) = await RunAsync("run", "--relay", nobody, "--dial-timeout", "3000");

        Assert.Equal(1, exit);
        Assert.Contains($"error: cannot connect to the relay at {nobody}: {nobody}: ", error);
        Assert.Contains("refused", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Run_of_a_broken_script_exits_non_zero_with_the_parse_error()
    {
        var (exit, _, error) = await RunAsync("run", "--relay", peers.RelayWs, "--air", Script(RelayScripts.Broken));

        Assert.Equal(1, exit);
        Assert.Contains("air can't be parsed", error);
    }

    [Fact]
    public async Task Run_without_a_response_before_the_ttl_exits_non_zero_with_a_timeout_error()
    {
        var (exit, _, error) = await RunAsync("run", "--relay", peers.RelayWs, "--air", Script(RelayScripts.ToAPeerNobodyKnows), "--ttl", "3000");

        Assert.Equal(1, exit);
        Assert.Contains("no result before the TTL (3000 ms) ran out", error);
    }

    [Fact]
    public async Task Run_reports_the_error_the_script_hands_to_error_handling_srv()
    {
        var script = Script("""
            (xor
             (seq
              (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
              (call -relay- ("no-such-service" "f") [] x))
             (seq
              (call -relay- ("op" "noop") [])
              (call %init_peer_id% ("errorHandlingSrv" "error") [%last_error% 0])))
            """);

        var (exit, _, error) = await RunAsync("run", "--relay", peers.RelayWs, "--air", script);

        Assert.Equal(1, exit);
        Assert.Contains("the script reported an error", error);
        Assert.Contains("no-such-service", error);
    }

    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/9991/ws", "does not end with /p2p/PEER_ID")]
    [InlineData("/ip4/127.0.0.1/udp/9991/p2p/12D3KooWHk9BjDQBUqnavciRPhAYFvqKBe4ZiPPvde7vDaqgn5er", "is not a multiaddr")]
    [InlineData("/ip4/127.0.0.1/tcp/9991/wss/p2p/12D3KooWHk9BjDQBUqnavciRPhAYFvqKBe4ZiPPvde7vDaqgn5er", "wss is not supported")]
    public async Task Run_with_an_unusable_relay_address_is_a_usage_error(string relay, string expected)
    {
        var (exit, _, error) = await RunAsync("run", "--relay", relay);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Run_with_a_plugin_path_without_the_transport_says_so()
    {
        var empty = _directory.Combine("no-plugins");
        Directory.CreateDirectory(empty);

        var (exit, _, error) = await RunAsync("run", "--relay", peers.RelayWs, "--plugin-path", empty);

        Assert.Equal(2, exit);
        Assert.Contains($"--plugin-path: the 'libp2p' plugin is not in {empty}", error);
    }

    private string Script(string air)
    {
        var path = _directory.Combine($"{Guid.NewGuid():N}.air");
        File.WriteAllText(path, air);
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
    {
        using var cli = CliProcess.Start(arguments);
        var exit = await cli.WaitForExitAsync(Limit);
        return (exit, cli.Output, cli.Error);
    }

    public void Dispose() => _directory.Dispose();
}
