using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Fluence.Cli.Commands;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests;

/// <summary>
/// <c>fluence local run</c> in-process with captured output: real peers (loopback, Wasmtime, AquaVM 0.62, local store,
/// scheduler and every kernel module) in one process.
/// </summary>
[Collection(CliCollection.Name)]
public sealed partial class LocalRunCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(LocalRunRequest request)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await LocalRunCommand.RunAsync(request, output, error, CancellationToken.None).WaitAsync(Limit);
        return (exit, output.ToString(), error.ToString());
    }

    private static string ScriptFile(TempDirectory directory, string air)
    {
        var path = directory.Combine("script.air");
        File.WriteAllText(path, air);
        return path;
    }

    private static List<string> PeerIds(string output) => PeerLine().Matches(output).Select(m => m.Groups["id"].Value).ToList();

    private static JsonNode? Result(string output) => JsonNode.Parse(output[(output.IndexOf("Result:", StringComparison.Ordinal) + "Result:".Length)..]);

    [Fact]
    public async Task The_default_sample_greets_from_every_peer_but_the_relay()
    {
        AvmWasm.EnsureInstalled();

        var (exit, output, error) = await RunAsync(new LocalRunRequest(AirFile: null));

        Assert.True(exit == ExitCodes.Success, error);
        var peers = PeerIds(output);
        Assert.Equal(3, peers.Count);
        var greetings = Result(output)!.AsArray().Select(g => g!.GetValue<string>()).Order();
        Assert.Equal(peers.Skip(1).Select(p => $"hello from {p}").Order(), greetings);
    }

    [Fact]
    public async Task The_sample_runs_when_a_plugin_path_holds_the_loopback_plugin_folder()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");
        // As artifacts/plugins holds it: each peer loads this copy into a load context of its own.
        var folder = directory.Combine("plugins", "Fluence.Kernel.Plugins.Loopback");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fluence.Kernel.Plugins.Loopback.dll"), Path.Combine(folder, "Fluence.Kernel.Plugins.Loopback.dll"));
        File.Copy(Path.Combine(RepoPaths.Root, "plugins", "Fluence.Kernel.Plugins.Loopback", "plugin.json"), Path.Combine(folder, "plugin.json"));

        var (exit, output, error) = await RunAsync(new LocalRunRequest(AirFile: null, OverrideTokens: [$"--Peer:PluginPaths:0={directory.Combine("plugins")}"]));

        Assert.True(exit == ExitCodes.Success, error);
        var peers = PeerIds(output);
        var greetings = Result(output)!.AsArray().Select(g => g!.GetValue<string>()).Order();
        Assert.Equal(peers.Skip(1).Select(p => $"hello from {p}").Order(), greetings);
    }

    [Fact]
    public async Task Another_transport_than_loopback_is_refused_before_any_peer_starts()
    {
        // artifacts/plugins holds the libp2p plugin (this project builds it).
        var (exit, output, error) = await RunAsync(new LocalRunRequest(AirFile: null,
            OverrideTokens: [$"--Peer:PluginPaths:0={Path.Combine(RepoPaths.Root, "artifacts", "plugins")}", "--Peer:Slots:transport=libp2p"]));

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("in-process 'loopback' transport, but the transport slot is 'libp2p'", error);
        Assert.Empty(PeerIds(output));
    }

    [Fact]
    public async Task A_script_calls_op_identity_on_the_relay_with_a_substituted_peer_id_kept_in_the_data_dir()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");
        // A key written where the second peer keeps its own: the peer id the script must echo is known in advance.
        using var key = KeyPair.Generate();
        Directory.CreateDirectory(directory.Combine("data", "peer-2"));
        File.WriteAllText(directory.Combine("data", "peer-2", "secret_key.ed25519"), key.ToBase64());

        var (exit, output, error) = await RunAsync(new LocalRunRequest(ScriptFile(directory, AirScripts.IdentityOfPeer2ThroughRelay),
            Json: true, DataDirectory: directory.Combine("data")));

        Assert.True(exit == ExitCodes.Success, error);
        Assert.Equal(key.PeerId.ToString(), JsonNode.Parse(output)!.GetValue<string>());
    }

    [Fact]
    public async Task Data_fields_reach_the_script_through_getDataSrv()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");

        var (exit, output, error) = await RunAsync(new LocalRunRequest(ScriptFile(directory, AirScripts.EchoDataThroughRelay),
            Peers: 1, DataJson: """{"greeting": {"text": "hi", "n": 3}}""", Json: true));

        Assert.True(exit == ExitCodes.Success, error);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text": "hi", "n": 3}"""), JsonNode.Parse(output)), output);
    }

    [Fact]
    public async Task A_script_that_does_not_parse_fails_with_the_parser_message_and_a_non_zero_exit()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");

        var (exit, output, error) = await RunAsync(new LocalRunRequest(ScriptFile(directory, AirScripts.Broken), Peers: 1));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("air can't be parsed", error);
        Assert.DoesNotContain("Result:", output);
    }

    [Fact]
    public async Task An_error_the_script_reports_is_printed_with_a_non_zero_exit()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");

        var (exit, output, error) = await RunAsync(new LocalRunRequest(ScriptFile(directory, AirScripts.UnknownServiceOnRelay), Peers: 1));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("the script reported an error", error);
        Assert.Contains("no-such-service", error);
        Assert.DoesNotContain("Result:", output);
    }

    [Fact]
    public async Task A_particle_that_expires_before_its_answer_fails_naming_the_ttl()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");
        using var absent = KeyPair.Generate();

        var (exit, _, error) = await RunAsync(new LocalRunRequest(ScriptFile(directory, AirScripts.ThroughAbsentPeer(absent.PeerId.ToString())),
            Peers: 1, TtlMilliseconds: 3000));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("no result before the TTL (3000 ms) ran out", error);
    }

    [Fact]
    public async Task A_missing_script_file_is_a_usage_error_and_starts_nothing()
    {
        var (exit, output, error) = await RunAsync(new LocalRunRequest("/nonexistent/script.air"));

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("--air: /nonexistent/script.air does not exist", error);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Data_that_is_not_a_json_object_is_a_usage_error()
    {
        AvmWasm.EnsureInstalled();
        using var directory = new TempDirectory("fluence-cli");

        var (exit, _, error) = await RunAsync(new LocalRunRequest(ScriptFile(directory, AirScripts.EchoDataThroughRelay), Peers: 1, DataJson: "[1, 2]"));

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("--data must be a JSON object", error);
    }

    [GeneratedRegex(@"PEER_\d+ (?<id>12D3KooW\w+)")]
    private static partial Regex PeerLine();
}
