using System.CommandLine;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Cli.Commands;

/// <summary>
/// <c>fluence air parse FILE</c>: the native parser's view of a script — its AST printed back as canonical AIR, one
/// instruction per line — or every parse error with its line and column (exit 1).
/// </summary>
internal static class AirParseCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "AIR script (use - for standard input)" };
        var command = new Command("parse", "Parse an AIR script; print its AST (as canonical AIR) or the positioned parse errors") { file };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(file)!, Console.In, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string path, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string script;
        try
        {
            script = path == "-" ? await input.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {path}: {ex.Message}");
            return ExitCodes.ConfigurationError;
        }
        var text = AirPrinter.Describe(script, out var parsed);
        if (!parsed)
        {
            await error.WriteLineAsync(text);
            return ExitCodes.Failure;
        }
        await output.WriteLineAsync(text.TrimEnd('\n'));
        return ExitCodes.Success;
    }
}
