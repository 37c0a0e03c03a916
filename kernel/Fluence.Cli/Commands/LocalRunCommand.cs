using System.CommandLine;
using System.Text.Json.Nodes;
using Fluence.Cli.Local;
using Fluence.Kernel.Host;
using Fluence.Kernel.Particles.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fluence.Cli.Commands;

/// <summary>
/// <c>fluence local run [--air FILE] [--peers 3] [--data JSON] [--ttl ms] [--json] [--data-dir DIR] [--Section:Key=value …]</c>:
/// starts a network of real peers in this process on the embedded defaults, sends the script through the first peer
/// as relay, prints what the script returns (<c>callbackSrv.response</c>) as JSON, and stops everything.
/// </summary>
internal static class LocalRunCommand
{
    public static Command Create()
    {
        var air = new Option<FileInfo?>("--air") { Description = $"AIR script to send (default: the {SampleScripts.Default} sample, which greets every other peer)" };
        var peers = new Option<int>("--peers") { Description = "How many peers; the first is the client's relay", DefaultValueFactory = _ => 3 };
        var data = new Option<string?>("--data") { Description = "JSON object whose fields the script reads with getDataSrv (besides 'peers' and '-relay-')" };
        var ttl = new Option<int>("--ttl") { Description = "Particle TTL in milliseconds", DefaultValueFactory = _ => (int)ParticleClient.DefaultTtl.TotalMilliseconds };
        var json = new Option<bool>("--json") { Description = "Print only the result, as JSON" };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Keep the peers' data (and keys) here instead of a temporary folder" };
        var verbose = new Option<bool>("--verbose") { Description = "Log the peers' work (Information level) to standard error" };
        var command = new Command("run", "Start a local network of peers in one process, send an AIR script through the first one, print the result. " +
                                         "Extra --Section:Key=value arguments configure every peer.")
        {
            air, peers, data, ttl, json, dataDir, verbose,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(
            new LocalRunRequest(parse.GetValue(air)?.FullName, parse.GetValue(peers), parse.GetValue(data), parse.GetValue(ttl), parse.GetValue(json),
                parse.GetValue(dataDir)?.FullName, parse.GetValue(verbose), parse.UnmatchedTokens),
            Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(LocalRunRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string air;
        if (request.AirFile is null)
        {
            if (request.Peers < 2)
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--peers: the default sample ({SampleScripts.Default}) needs at least 2 peers");
            air = SampleScripts.Read(SampleScripts.Default);
        }
        else if (!File.Exists(request.AirFile))
        {
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--air: {request.AirFile} does not exist");
        }
        else
        {
            air = await File.ReadAllTextAsync(request.AirFile, cancellationToken);
        }
        if (request.Peers is < 1 or > LocalRunRequest.MaxPeers)
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--peers: {request.Peers} is out of range (1..{LocalRunRequest.MaxPeers})");
        if (request.TtlMilliseconds <= 0)
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--ttl: {request.TtlMilliseconds} must be a positive number of milliseconds");

        var temporary = request.DataDirectory is null;
        var dataDirectory = request.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"fluence-local-{Guid.NewGuid():N}");
        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(request.Verbose ? LogLevel.Information : LogLevel.Warning)
            // Logs go to standard error so that standard output carries only the report and the result.
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
        try
        {
            LocalNetwork network;
            try
            {
                network = await LocalNetwork.StartAsync(request.Peers, dataDirectory, ConfigurationOverrides.From(request.Overrides), loggerFactory, cancellationToken);
            }
            catch (PeerConfigurationException ex)
            {
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
            }
            catch (Exception ex) when (StartupValidationErrors.TryDescribe(ex, out var invalid))
            {
                return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, invalid);
            }
            catch (OperationCanceledException)
            {
                return await CommandErrors.FailAsync(error, ExitCodes.Failure, "interrupted while starting the local network; stopped");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return await CommandErrors.FailAsync(error, ExitCodes.Failure, $"the local network failed to start: {ex.Message}");
            }
            await using (network)
            {
                var peerIds = network.Peers.Select(p => p.Environment.HostId).ToList();
                if (!request.Json)
                    await DescribeAsync(output, network);
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, network.Stopping);
                string script;
                Dictionary<string, JsonNode?> data;
                try
                {
                    script = ScriptInputs.SubstitutePeers(air, peerIds);
                    data = ScriptInputs.Data(peerIds, request.DataJson);
                }
                catch (FormatException ex)
                {
                    return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
                }
                return await ClientScriptRun.ExecuteAndPrintAsync(network.Client, script, data, request.TtlMilliseconds, request.Json,
                    "interrupted; the local network is stopped", output, error, stop.Token);
            }
        }
        finally
        {
            if (temporary)
                TryDelete(dataDirectory);
        }
    }

    private static async Task DescribeAsync(TextWriter output, LocalNetwork network)
    {
        await output.WriteLineAsync($"Local network of {network.Peers.Count} peers (loopback '{network.NetworkName}', data in {network.DataDirectory}):");
        for (int i = 0; i < network.Peers.Count; i++)
            await output.WriteLineAsync($"  PEER_{i + 1} {network.Peers[i].Environment.HostId}{(i == 0 ? "  (relay)" : "")}");
        await output.WriteLineAsync($"Client {network.Client.PeerId} sends the script through the relay.");
        await output.FlushAsync();
    }



    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless; the result was already printed.
        }
    }
}
