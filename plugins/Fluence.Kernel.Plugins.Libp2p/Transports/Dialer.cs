using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Fluence.Kernel.Addressing;

namespace Fluence.Kernel.Plugins.Libp2p.Transports;

/// <summary>Opens raw connections to TCP and WebSocket multiaddrs.</summary>
internal static class Dialer
{
    public static async Task<RawConnection> DialAsync(Multiaddr address, CancellationToken cancellationToken)
    {
        var kind = TransportAddresses.KindOf(address) ?? throw new NotSupportedException($"cannot dial {address}: only tcp and ws addresses are supported");
        var host = address.Host!;
        int port = address.TcpPort!.Value;
        if (kind == TransportKind.WebSocket)
        {
            var ws = new ClientWebSocket();
            ws.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                var hostText = address.Has(MultiaddrProtocol.Ip6) ? $"[{host}]" : host;
                await ws.ConnectAsync(new Uri($"ws://{hostText}:{port}/"), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ws.Dispose();
                throw;
            }
            return new RawConnection(WebSocketStream.Create(ws, WebSocketMessageType.Binary, ownsWebSocket: true), address.WithoutPeerId());
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IPAddress.TryParse(host, out var ip))
                await socket.ConnectAsync(new IPEndPoint(ip, port), cancellationToken).ConfigureAwait(false);
            else
                await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RawConnection(new NetworkStream(socket, ownsSocket: true), address.WithoutPeerId());
    }
}
