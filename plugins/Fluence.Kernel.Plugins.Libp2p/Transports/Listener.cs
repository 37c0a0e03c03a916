using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Fluence.Kernel.Addressing;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Plugins.Libp2p.Transports;

/// <summary>Accepts TCP or WebSocket connections on one multiaddr and hands each raw connection to a callback.</summary>
internal sealed class Listener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly TransportKind _kind;
    private readonly Func<RawConnection, Task> _onConnection;
    private readonly ILogger _logger;
    private readonly TimeSpan _handshakeTimeout;
    private readonly CancellationTokenSource _stop = new();
    private Task? _acceptLoop;

    public Listener(Multiaddr address, Func<RawConnection, Task> onConnection, TimeSpan handshakeTimeout, ILogger logger)
    {
        _kind = TransportAddresses.KindOf(address) ?? throw new NotSupportedException($"cannot listen on {address}: only tcp and ws addresses are supported");
        if (!IPAddress.TryParse(address.Host, out var ip))
            throw new NotSupportedException($"cannot listen on {address}: the host must be an IP address");
        _listener = new TcpListener(ip, address.TcpPort!.Value);
        _onConnection = onConnection;
        _handshakeTimeout = handshakeTimeout;
        _logger = logger;
        Address = address;
    }

    /// <summary>The listen address, with the actual port once started.</summary>
    public Multiaddr Address { get; private set; }

    public void Start()
    {
        _listener.Start(backlog: 512);
        Address = TransportAddresses.FromEndPoint((IPEndPoint)_listener.LocalEndpoint, _kind);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger.LogWarning(ex, "accept on {Address} failed", Address);
                continue;
            }
            socket.NoDelay = true;
            _ = Task.Run(() => UpgradeAsync(socket));
        }
    }

    private async Task UpgradeAsync(Socket socket)
    {
        var remote = TransportAddresses.FromEndPoint((IPEndPoint)socket.RemoteEndPoint!, _kind);
        var network = new NetworkStream(socket, ownsSocket: true);
        RawConnection connection;
        if (_kind == TransportKind.Tcp)
            connection = new RawConnection(network, remote);
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(_handshakeTimeout);
                var head = await WebSocketUpgrade.ReadRequestHeadAsync(network, timeout.Token).ConfigureAwait(false);
                string response;
                try
                {
                    response = WebSocketUpgrade.Accept(head);
                }
                catch (FormatException ex)
                {
                    await network.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"), timeout.Token).ConfigureAwait(false);
                    throw new FormatException(ex.Message, ex);
                }
                await network.WriteAsync(Encoding.ASCII.GetBytes(response), timeout.Token).ConfigureAwait(false);
                var ws = WebSocket.CreateFromStream(network, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
                connection = new RawConnection(WebSocketStream.Create(ws, WebSocketMessageType.Binary, ownsWebSocket: true), remote, network);
            }
            catch (Exception ex) when (ex is FormatException or IOException or OperationCanceledException or SocketException)
            {
                _logger.LogInformation("WebSocket upgrade from {Remote} refused: {Reason}", remote, ex.Message);
                await network.DisposeAsync().ConfigureAwait(false);
                return;
            }
        }
        await _onConnection(connection).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);
    }
}
