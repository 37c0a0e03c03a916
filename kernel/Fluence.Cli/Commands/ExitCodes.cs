namespace Fluence.Cli.Commands;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    /// <summary>The configuration cannot be satisfied; nothing was started.</summary>
    public const int ConfigurationError = 2;
}
