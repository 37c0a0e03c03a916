using System.CommandLine;

namespace Fluence.Cli.Commands;

/// <summary><c>fluence air run</c> and <c>fluence air parse</c>: tools for researchers comparing AIR interpreters.</summary>
internal static class AirCommand
{
    public static Command Create() => new("air", "Run AIR scenarios on a chosen interpreter, print an AIR script's AST")
    {
        AirRunCommand.Create(),
        AirParseCommand.Create(),
    };
}
