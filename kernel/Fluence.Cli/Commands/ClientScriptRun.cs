using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Particles.Client;

namespace Fluence.Cli.Commands;

/// <summary>
/// Runs a script through a <see cref="ParticleClient"/> and prints its result (<c>Result:</c> then the JSON, or the JSON
/// alone with <c>--json</c>), turning each way a script can fail into one clear error and exit code.
/// </summary>
internal static class ClientScriptRun
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> ExecuteAndPrintAsync(ParticleClient client, string air, IReadOnlyDictionary<string, JsonNode?> data, int ttlMilliseconds, bool json,
        string interruptedMessage, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        JsonNode? result;
        try
        {
            result = await client.ExecuteAsync(air, data, TimeSpan.FromMilliseconds(ttlMilliseconds), cancellationToken);
        }
        catch (AirExecutionException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, $"the script cannot run on the client: {ex.Message}");
        }
        catch (ParticleScriptException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, $"the script reported an error: {ex.Error?.ToJsonString() ?? "null"}");
        }
        catch (TimeoutException ex)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, $"no result before the TTL ({ttlMilliseconds} ms) ran out: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            return await CommandErrors.FailAsync(error, ExitCodes.Failure, interruptedMessage);
        }
        if (!json)
            await output.WriteLineAsync("Result:");
        await output.WriteLineAsync(result?.ToJsonString(Indented) ?? "null");
        await output.FlushAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
