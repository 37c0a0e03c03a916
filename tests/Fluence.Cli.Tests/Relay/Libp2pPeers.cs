using System.Text.RegularExpressions;
using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests.Relay;

/// <summary>
/// Two real peers, each a <c>fluence peer start</c> process on the documented <c>fluence.example.json</c> (libp2p
/// transport loaded from artifacts/plugins, full kernel): the relay listens on TCP and WebSocket, the second peer
/// listens on TCP and reaches the relay through its bootstrap configuration. Ports are picked by the system (port 0);
/// the addresses are read from what <c>peer start</c> prints, as a user copies them.
/// </summary>
public sealed partial class Libp2pPeers : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _directory = new("fluence-libp2p-peers");
    private CliProcess? _relay;
    private CliProcess? _second;

    public string RelayId { get; private set; } = "";

    /// <summary><c>/ip4/127.0.0.1/tcp/N/ws/p2p/RELAY</c>, as printed.</summary>
    public string RelayWs { get; private set; } = "";

    /// <summary><c>/ip4/127.0.0.1/tcp/N/p2p/RELAY</c>, as printed.</summary>
    public string RelayTcp { get; private set; } = "";

    public string SecondId { get; private set; } = "";

    /// <summary>What the relay printed so far (its report and its logs), for failure messages.</summary>
    public string RelayOutput => _relay?.Output + _relay?.Error;

    public static string ExampleConfig => Path.Combine(RepoPaths.Root, "kernel", "Fluence.Cli", "fluence.example.json");

    public async Task InitializeAsync()
    {
        AvmWasm.EnsureInstalled();
        _relay = CliProcess.Start("peer", "start", "--config", ExampleConfig,
            $"--Peer:DataDir={_directory.Combine("relay")}",
            "--Libp2p:ListenAddresses:0=/ip4/127.0.0.1/tcp/0",
            "--Libp2p:ListenAddresses:1=/ip4/127.0.0.1/tcp/0/ws");
        await _relay.WaitForOutputAsync("Running;", StartLimit);
        RelayId = PeerIdOf(_relay);
        RelayTcp = PrintedAddress(_relay, TcpAddress());
        RelayWs = PrintedAddress(_relay, WsAddress());

        _second = CliProcess.Start("peer", "start", "--config", ExampleConfig,
            $"--Peer:DataDir={_directory.Combine("second")}",
            "--Libp2p:ListenAddresses:0=/ip4/127.0.0.1/tcp/0",
            $"--Libp2p:BootstrapPeers:0={RelayTcp}");
        await _second.WaitForOutputAsync("Running;", StartLimit);
        SecondId = PeerIdOf(_second);
        // The relay logs the connection once identify is done: from then on it can route to the second peer.
        await _relay.WaitForOutputAsync($"connected to {SecondId}", StartLimit);
    }

    private static string PeerIdOf(CliProcess peer) =>
        PeerIdLine().Match(peer.Output) is { Success: true } match
            ? match.Groups["id"].Value
            : throw new Xunit.Sdk.XunitException($"no 'Peer id:' line in\n{peer.Output}");

    /// <summary>An address of the "Listen addresses:" report (indented, alone on its line), not of a log line.</summary>
    private static string PrintedAddress(CliProcess peer, Regex pattern) =>
        pattern.Match(peer.Output) is { Success: true } match
            ? match.Groups["address"].Value
            : throw new Xunit.Sdk.XunitException($"no listen address matching {pattern} in\n{peer.Output}");

    public async Task DisposeAsync()
    {
        foreach (var peer in new[] { _second, _relay })
        {
            if (peer is null)
                continue;
            peer.Terminate();
            try
            {
                await peer.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                // Dispose kills what did not stop in time.
            }
            peer.Dispose();
        }
        _directory.Dispose();
    }

    [GeneratedRegex(@"^Peer id: (?<id>12D3KooW\w+)\r?$", RegexOptions.Multiline)]
    private static partial Regex PeerIdLine();

    [GeneratedRegex(@"^  (?<address>/ip4/127\.0\.0\.1/tcp/\d+/p2p/12D3KooW\w+)\r?$", RegexOptions.Multiline)]
    private static partial Regex TcpAddress();

    [GeneratedRegex(@"^  (?<address>/ip4/127\.0\.0\.1/tcp/\d+/ws/p2p/12D3KooW\w+)\r?$", RegexOptions.Multiline)]
    private static partial Regex WsAddress();
}
