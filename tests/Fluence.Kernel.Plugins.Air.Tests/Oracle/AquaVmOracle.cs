using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Air.Tests.Oracle;

/// <summary>
/// The real AquaVM 0.62.0 (avm.wasm) in a Node process (component <c>aquavm-oracle</c>, installed by eng/setup.sh):
/// one JSON request per line in, one JSON answer per line out. One process serves the whole test run.
/// </summary>
public sealed class AquaVmOracle : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Lock _gate = new();

    public AquaVmOracle()
    {
        var script = RepoPaths.Component("aquavm-oracle", "oracle.mjs");
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
    }

    /// <summary>AquaVM's AST JSON for a script, or null and its error text when AquaVM rejects it.</summary>
    public (JsonNode? Ast, string? Error) Ast(string air)
    {
        var answer = Request(new JsonObject { ["op"] = "ast", ["air"] = air });
        return answer["ok"]!.GetValue<bool>() ? (answer["ast"], null) : (null, answer["error"]!.GetValue<string>());
    }

    /// <summary>AquaVM's <c>to_human_readable_data</c> of particle data (its semantic JSON form).</summary>
    public JsonNode DecodeData(ReadOnlySpan<byte> data)
    {
        var answer = Request(new JsonObject { ["op"] = "decode", ["data"] = Convert.ToBase64String(data) });
        if (!answer["ok"]!.GetValue<bool>())
            throw new InvalidOperationException("AquaVM could not decode the data: " + answer["error"]);
        return answer["json"]!;
    }

    /// <summary>Runs a scenario (aquavm.md §6 format) through the simulated network on the real AquaVM.</summary>
    public OracleRun Run(JsonObject scenario)
    {
        var answer = Request(new JsonObject { ["op"] = "run", ["scenario"] = scenario });
        if (!answer["ok"]!.GetValue<bool>())
            throw new InvalidOperationException("oracle run failed: " + answer["error"]);
        return new OracleRun(answer["run"]!.AsObject());
    }

    /// <summary>One raw AquaVM invocation on the oracle's named peer (no call results); the outcome as the oracle reports it.</summary>
    public JsonObject Invoke(string air, string peer, string initPeer, ReadOnlySpan<byte> prev, ReadOnlySpan<byte> current)
    {
        var answer = Request(new JsonObject
        {
            ["op"] = "invoke", ["air"] = air, ["peer"] = peer, ["initPeer"] = initPeer,
            ["prev"] = Convert.ToBase64String(prev), ["current"] = Convert.ToBase64String(current),
        });
        if (!answer["ok"]!.GetValue<bool>())
            throw new InvalidOperationException("oracle invoke failed: " + answer["error"]);
        return answer["outcome"]!.AsObject();
    }

    private JsonNode Request(JsonObject request)
    {
        lock (_gate)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the oracle process exited with {_process.ExitCode}");
            _process.StandardInput.WriteLine(request.ToJsonString());
            _process.StandardInput.Flush();
            var read = _process.StandardOutput.ReadLineAsync();
            if (!read.Wait(RequestTimeout))
                throw new TimeoutException($"the oracle did not answer within {RequestTimeout}");
            var line = read.Result ?? throw new InvalidOperationException("the oracle closed its output");
            return JsonNode.Parse(line, documentOptions: new JsonDocumentOptions { MaxDepth = 100_000 })!;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5_000))
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
