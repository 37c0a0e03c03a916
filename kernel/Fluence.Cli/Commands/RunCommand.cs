using System.CommandLine;
using System.Text.Json.Nodes;
using Fluence.Cli.Local;
using Fluence.Cli.Remote;
using Fluence.Kernel.Host;
using Fluence.Kernel.Particles.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fluence.Cli.Commands;

/// <summary>
/// <c>fluence run --relay MULTIADDR [--air FILE] [--data JSON] [--ttl ms] [--json] [--plugin-path DIR] [--Section:Key=value …]</c>:
/// sends an AIR script through a running peer, as the Fluence CLI's <c>run</c> does through js-client — a client with
/// a fresh key connects to the relay over libp2p (TCP or <c>/ws</c>), runs its own part of the script, and prints what
/// the script hands to <c>callbackSrv.response</c>. Inputs as in <c>fluence local run</c>: <c>{{PEER_1}}</c> is the
/// relay, <c>getDataSrv</c> serves <c>-relay-</c>, <c>peers</c> (empty) and each field of <c>--data</c>.
/// </summary>
internal static class RunCommand
{
    /// <summary>Run without <c>--air</c>: the relay greets the client.</summary>
    public const string DefaultSample = "hello.air";

    public static Command Create()
    {
        var relay = new Option<string>("--relay") { Description = "The peer to send the script through: /ip4/HOST/tcp/PORT[/ws]/p2p/PEER_ID, as fluence peer start prints it", Required = true };
        var air = new Option<FileInfo?>("--air") { Description = $"AIR script to send (default: the {DefaultSample} sample, in which the relay greets the client)" };
        var data = new Option<string?>("--data") { Description = "JSON object whose fields the script reads with getDataSrv (besides 'peers' and '-relay-')" };
        var ttl = new Option<int>("--ttl") { Description = "Particle TTL in milliseconds", DefaultValueFactory = _ => (int)ParticleClient.DefaultTtl.TotalMilliseconds };
        var dialTimeout = new Option<int>("--dial-timeout") { Description = "How long connecting to the relay may take, in milliseconds", DefaultValueFactory = _ => 10_000 };
        var json = new Option<bool>("--json") { Description = "Print only the result, as JSON" };
        var pluginPath = new Option<string[]>("--plugin-path")
        {
            Description = "Folder of plugin folders holding the libp2p transport plugin (default: the repository's artifacts/plugins)",
            AllowMultipleArgumentsPerToken = false,
        };
        var verbose = new Option<bool>("--verbose") { Description = "Log the client's work (Information level) to standard error" };
        var command = new Command("run", "Send an AIR script through a running peer (the relay) and print the result. " +
                                         "Extra --Section:Key=value arguments configure the client (e.g. --Peer:SecretKey=BASE64 for a fixed key).")
        {
            relay, air, data, ttl, dialTimeout, json, pluginPath, verbose,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(
            new RunRequest(parse.GetValue(relay)!, parse.GetValue(air)?.FullName, parse.GetValue(data), parse.GetValue(ttl), parse.GetValue(dialTimeout),
                parse.GetValue(json), parse.GetValue(verbose), parse.GetValue(pluginPath) ?? [], parse.UnmatchedTokens),
            Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(RunRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        RelayAddress relay;
        string air;
        IReadOnlyList<string> pluginRoots;
        Dictionary<string, JsonNode?> data;
        try
        {
            relay = RelayAddress.Parse(request.Relay);
            if (request.AirFile is not null && !File.Exists(request.AirFile))
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--air: {request.AirFile} does not exist");
            air = request.AirFile is null ? SampleScripts.Read(DefaultSample) : await File.ReadAllTextAsync(request.AirFile, cancellationToken);
            air = ScriptInputs.SubstitutePeers(air, [relay.PeerId]);
            data = ScriptInputs.Data([relay.PeerId], request.DataJson);
            if (request.TtlMilliseconds <= 0)
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--ttl: {request.TtlMilliseconds} must be a positive number of milliseconds");
            if (request.DialTimeoutMilliseconds <= 0)
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--dial-timeout: {request.DialTimeoutMilliseconds} must be a positive number of milliseconds");
            pluginRoots = TransportPluginLocator.Locate(request.PluginPaths ?? []);
        }
        catch (FormatException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
        }
        catch (PeerConfigurationException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(request.Verbose ? LogLevel.Information : LogLevel.Warning)
            // Logs go to standard error so that standard output carries only the report and the result.
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
        RelayClient client;
        try
        {
            client = RelayClient.Create(relay, pluginRoots, TimeSpan.FromMilliseconds(request.DialTimeoutMilliseconds), ConfigurationOverrides.From(request.Overrides), loggerFactory);
        }
        catch (PeerConfigurationException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
        }
        await using (client)
        {
            try
            {
                var connection = await client.ConnectAsync(cancellationToken);
                if (!connection.IsConnected)
                    return await CommandErrors.FailAsync(error, ExitCodes.Failure,
                        $"cannot connect to the relay at {relay}: {connection.Failure} (is a peer with the libp2p transport running there, under that peer id?)");
            }
            catch (Exception ex) when (StartupValidationErrors.TryDescribe(ex, out var invalid))
            {
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, invalid);
            }
            catch (OperationCanceledException)
            {
                return await CommandErrors.FailAsync(error, ExitCodes.Failure, "interrupted while connecting to the relay");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return await CommandErrors.FailAsync(error, ExitCodes.Failure, $"the client failed to start: {ex.Message}");
            }
            if (!request.Json)
            {
                await output.WriteLineAsync($"Client {client.Client.PeerId} connected to relay {relay.PeerId} at {relay.Address}.");
                await output.FlushAsync(cancellationToken);
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, client.Stopping);
            return await ClientScriptRun.ExecuteAndPrintAsync(client.Client, air, data, request.TtlMilliseconds, request.Json,
                "interrupted before the result arrived", output, error, stop.Token);
        }
    }
}
