using System.Diagnostics;
using System.Text.Json.Nodes;
using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests.Relay;

/// <summary>
/// npm <c>@fluencelabs/js-client</c> 0.9.0 (component <c>jsclient</c>) running one script through a relay:
/// <c>run-air.mjs</c> connects with a random key, calls <c>callAquaFunction</c> and prints one JSON line.
/// </summary>
internal static class JsClient
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <returns>The line run-air.mjs printed: <c>{ok, client, relay, result}</c> or <c>{ok:false, stage, error}</c>.</returns>
    public static async Task<JsonObject> RunAsync(string relay, string air, JsonObject? data = null, int ttlMilliseconds = 15_000)
    {
        var script = RepoPaths.Component("jsclient", "run-air.mjs");
        var folder = Path.GetDirectoryName(script)!;
        using var directory = new TempDirectory("fluence-jsclient");
        var airFile = directory.Combine("script.air");
        await File.WriteAllTextAsync(airFile, air);

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Node 20 lacks Promise.withResolvers, which js-client's libp2p needs.
        foreach (var argument in new[] { "--import", "./node20-polyfill.mjs", script, relay, airFile, (data ?? []).ToJsonString(), ttlMilliseconds.ToString() })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(Limit))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"js-client did not finish within {Limit}\nstdout:\n{await output}\nstderr:\n{await error}");
            }
        }
        var line = (await output).Split('\n').LastOrDefault(l => l.StartsWith('{'));
        return line is not null && JsonNode.Parse(line) is JsonObject report
            ? report
            : throw new Xunit.Sdk.XunitException($"js-client exited {process.ExitCode} without a report\nstdout:\n{await output}\nstderr:\n{await error}");
    }
}
