using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Cli.Air;
using Fluence.Kernel.AirScenarios;
using Fluence.Kernel.Host;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fluence.Cli.Commands;

/// <summary>
/// <c>fluence air run SCENARIO.json [--interpreter native|aquavm] [--peer-interpreter NAME=INTERPRETER …] [--json]
/// [--max-steps N] [--Section:Key=value …]</c>: runs a scenario (aquavm.md §6 format) through a simulated network of
/// named peers and prints every invocation's outcome, the captured results and each peer's final data in semantic
/// JSON. Exit 0 when the run completes and its <c>expect</c> holds, 1 when an expectation fails or an interpreter
/// breaks, 2 when the scenario or the interpreter choice is invalid.
/// </summary>
internal static class AirRunCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var scenario = new Argument<FileInfo>("SCENARIO") { Description = "Scenario JSON: air (with {{PEER}} placeholders), peers, init, services, particleId, timestamp, ttl, expect" };
        var interpreter = new Option<string>("--interpreter")
        {
            Description = $"Interpreter of every peer: {string.Join(" or ", AirInterpreterHosts.PluginIds.Keys)}",
            DefaultValueFactory = _ => AirInterpreterHosts.DefaultInterpreter,
        };
        var peerInterpreter = new Option<string[]>("--peer-interpreter")
        {
            Description = "NAME=INTERPRETER: run one peer on another interpreter (a mixed network); repeat for more peers",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable report (the oracle's fields plus decoded final data)" };
        var maxSteps = new Option<int>("--max-steps") { Description = "Give up when the particle has not settled after this many invocations", DefaultValueFactory = _ => ScenarioRunner.DefaultMaxSteps };
        var command = new Command("run", "Run an AIR scenario through a simulated network of named peers on the chosen interpreter(s). " +
                                         "Extra --Section:Key=value arguments configure the interpreter hosts (e.g. --AquaVm:AvmWasmPath=…).")
        {
            scenario, interpreter, peerInterpreter, json, maxSteps,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => RunAsync(
            new AirRunRequest(parse.GetValue(scenario)!.FullName, parse.GetValue(interpreter)!, parse.GetValue(peerInterpreter) ?? [],
                parse.GetValue(json), parse.GetValue(maxSteps), parse.UnmatchedTokens),
            Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(AirRunRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        AirScenario scenario;
        Dictionary<string, string> assignment;
        try
        {
            scenario = AirScenario.Load(request.ScenarioFile);
            assignment = Assign(scenario, request);
        }
        catch (AirScenarioException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
        }
        if (request.MaxSteps < 1)
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, $"--max-steps: {request.MaxSteps} must be positive");

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
        await using var hosts = new AirInterpreterHosts(ConfigurationOverrides.From(request.Overrides), loggerFactory);
        var interpreters = new Dictionary<string, IAirInterpreter>(StringComparer.Ordinal);
        try
        {
            foreach (var (peer, name) in assignment)
                interpreters[peer] = await hosts.GetAsync(name, cancellationToken);
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
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, "interrupted while starting the interpreters");
        }

        ScenarioReport report;
        try
        {
            report = await new ScenarioRunner(peer => interpreters[peer], request.MaxSteps).RunAsync(scenario, cancellationToken);
        }
        catch (AirScenarioException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.ConfigurationError, ex.Message);
        }
        catch (ScenarioRunException ex)
        {
            if (!request.Json)
                await AirRunReportWriter.WriteStepsAsync(output, ex.Steps);
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, ex.Message);
        }
        catch (OperationCanceledException)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, "interrupted");
        }

        if (request.Json)
        {
            var json = ScenarioReportJson.ToJson(report, DecodeData);
            json["interpreters"] = new JsonObject(assignment.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value)));
            await output.WriteLineAsync(json.ToJsonString(Indented));
        }
        else
        {
            await AirRunReportWriter.WriteAsync(output, report, assignment, DecodeData);
        }
        await output.FlushAsync(CancellationToken.None);
        var failures = report.ExpectationFailures;
        foreach (var failure in failures)
            await error.WriteLineAsync($"expectation failed: {failure}");
        return failures.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>Particle data in AquaVM's <c>to_human_readable_data</c> form, decoded by the native plugin's codec.</summary>
    public static JsonNode? DecodeData(ReadOnlyMemory<byte> data) => InterpreterDataJson.ToHumanReadable(InterpreterDataCodec.Decode(data));

    /// <summary>Peer name → interpreter name.</summary>
    private static Dictionary<string, string> Assign(AirScenario scenario, AirRunRequest request)
    {
        if (!AirInterpreterHosts.PluginIds.ContainsKey(request.Interpreter))
            throw new AirScenarioException($"--interpreter: unknown interpreter '{request.Interpreter}' (known: {string.Join(", ", AirInterpreterHosts.PluginIds.Keys)})");
        var assignment = scenario.Peers.ToDictionary(p => p, _ => request.Interpreter.ToLowerInvariant(), StringComparer.Ordinal);
        foreach (var item in request.PeerInterpreters)
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !assignment.ContainsKey(parts[0]))
                throw new AirScenarioException($"--peer-interpreter: '{item}' must be NAME=INTERPRETER with NAME one of the peers ({string.Join(", ", scenario.Peers)})");
            if (!AirInterpreterHosts.PluginIds.ContainsKey(parts[1]))
                throw new AirScenarioException($"--peer-interpreter: unknown interpreter '{parts[1]}' (known: {string.Join(", ", AirInterpreterHosts.PluginIds.Keys)})");
            assignment[parts[0]] = parts[1].ToLowerInvariant();
        }
        return assignment;
    }
}
