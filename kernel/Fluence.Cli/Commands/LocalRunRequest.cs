namespace Fluence.Cli.Commands;

/// <summary>The arguments of <c>fluence local run</c>.</summary>
/// <param name="AirFile">The script; null runs the default sample.</param>
/// <param name="Overrides">Extra <c>--Section:Key=value</c> tokens applied to every peer's configuration.</param>
internal sealed record LocalRunRequest(
    string? AirFile,
    int Peers = 3,
    string? DataJson = null,
    int TtlMilliseconds = 15_000,
    bool Json = false,
    string? DataDirectory = null,
    bool Verbose = false,
    IReadOnlyList<string>? OverrideTokens = null)
{
    public const int MaxPeers = 64;

    public IReadOnlyList<string> Overrides => OverrideTokens ?? [];
}
