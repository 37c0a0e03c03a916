namespace Fluence.Cli.Commands;

/// <summary>The arguments of <c>fluence run</c>.</summary>
/// <param name="Relay">The relay's multiaddr as typed (<c>/ip4/…/tcp/N[/ws]/p2p/&lt;id&gt;</c>).</param>
/// <param name="AirFile">The script; null runs the <c>hello.air</c> sample.</param>
/// <param name="PluginPaths">Folders searched for the libp2p plugin; empty: <see cref="Remote.TransportPluginLocator"/> decides.</param>
/// <param name="OverrideTokens">Extra <c>--Section:Key=value</c> tokens applied to the client's configuration.</param>
internal sealed record RunRequest(
    string Relay,
    string? AirFile = null,
    string? DataJson = null,
    int TtlMilliseconds = 15_000,
    int DialTimeoutMilliseconds = 10_000,
    bool Json = false,
    bool Verbose = false,
    IReadOnlyList<string>? PluginPaths = null,
    IReadOnlyList<string>? OverrideTokens = null)
{
    public IReadOnlyList<string> Overrides => OverrideTokens ?? [];
}
