using Fluence.Kernel.Addressing;

namespace Fluence.Kernel.Plugins.Libp2p.Transports;

/// <summary>The byte transports we dial and listen on: plain TCP and WebSocket over TCP (<c>/ws</c>).</summary>
internal enum TransportKind
{
    Tcp,
    WebSocket,
}

internal static class TransportAddresses
{
    /// <summary>The transport of a dialable address, or null when we cannot dial it (wss, missing port, …).</summary>
    public static TransportKind? KindOf(Multiaddr address)
    {
        if (address.Host is null || address.TcpPort is null || address.Has(MultiaddrProtocol.Wss))
            return null;
        return address.Has(MultiaddrProtocol.Ws) ? TransportKind.WebSocket : TransportKind.Tcp;
    }

    public static Multiaddr FromEndPoint(System.Net.IPEndPoint endPoint, TransportKind kind)
    {
        var family = endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "ip6" : "ip4";
        var text = $"/{family}/{endPoint.Address}/tcp/{endPoint.Port}" + (kind == TransportKind.WebSocket ? "/ws" : "");
        return Multiaddr.Parse(text);
    }
}
