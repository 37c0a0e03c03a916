using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;

namespace Fluence.Cli.Remote;

/// <summary>
/// The relay a client connects to: a TCP or WebSocket multiaddr that ends with the relay's peer id
/// (<c>/ip4/127.0.0.1/tcp/7771/p2p/12D3KooW…</c> or <c>/ip4/127.0.0.1/tcp/9991/ws/p2p/12D3KooW…</c>), as
/// <c>fluence peer start</c> prints it.
/// </summary>
internal sealed record RelayAddress(Multiaddr Address, PeerId PeerId)
{
    /// <exception cref="FormatException">The text is not a dialable multiaddr with a trailing <c>/p2p/&lt;id&gt;</c>.</exception>
    public static RelayAddress Parse(string text)
    {
        if (!Multiaddr.TryParse(text.Trim(), out var address, out var error))
            throw new FormatException($"--relay: '{text}' is not a multiaddr: {error}");
        if (address.Has(MultiaddrProtocol.Wss))
            throw new FormatException($"--relay: '{text}': wss is not supported; use the peer's /ws or plain TCP address");
        if (address.Host is null || address.TcpPort is null)
            throw new FormatException($"--relay: '{text}' has no host and TCP port (expected /ip4/HOST/tcp/PORT[/ws]/p2p/PEER_ID)");
        PeerId? peerId;
        try
        {
            peerId = address.PeerId;
        }
        catch (FormatException ex)
        {
            throw new FormatException($"--relay: '{text}' ends with an invalid peer id: {ex.Message}");
        }
        if (peerId is null)
            throw new FormatException($"--relay: '{text}' does not end with /p2p/PEER_ID (fluence peer start prints the full address)");
        return new RelayAddress(address, peerId);
    }

    public override string ToString() => Address.ToString();
}
