namespace Fluence.Cli.Commands;

/// <summary>How every command reports a failure: one <c>error:</c> line on standard error and its exit code.</summary>
internal static class CommandErrors
{
    public static async Task<int> FailAsync(TextWriter error, int exitCode, string message)
    {
        await error.WriteLineAsync($"error: {message}");
        return exitCode;
    }
}
