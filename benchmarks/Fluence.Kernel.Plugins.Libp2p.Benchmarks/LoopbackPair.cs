using System.Net;
using System.Net.Sockets;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Multistream;
using Fluence.Kernel.Plugins.Libp2p.Noise;
using Fluence.Kernel.Plugins.Libp2p.Transports;
using Fluence.Kernel.Plugins.Libp2p.Yamux;

namespace Fluence.Kernel.Plugins.Libp2p.Benchmarks;

/// <summary>Two ends of one upgraded loopback TCP connection (multistream-select, Noise XX, Yamux).</summary>
internal sealed class LoopbackPair : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public required YamuxSession Client { get; init; }
    public required YamuxSession Server { get; init; }

    public static async Task<LoopbackPair> ConnectAsync(TcpListener listener, KeyPair clientKey, KeyPair serverKey, Action<YamuxStream> onServerStream)
    {
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptSocketAsync();
        var dial = Dialer.DialAsync(Multiaddr.Parse($"/ip4/127.0.0.1/tcp/{port}"), CancellationToken.None);
        var socket = await accept;
        socket.NoDelay = true;
        var serverRaw = new RawConnection(new NetworkStream(socket, ownsSocket: true), Multiaddr.Parse("/ip4/127.0.0.1/tcp/1"));
        var clientRaw = await dial;

        var serverSide = Task.Run(async () =>
        {
            await MultistreamSelect.ListenAsync(serverRaw, p => p == NoiseHandshake.ProtocolId, CancellationToken.None);
            var noise = await NoiseHandshake.RespondAsync(serverRaw, serverKey, CancellationToken.None);
            await MultistreamSelect.ListenAsync(noise, p => p == YamuxSession.ProtocolId, CancellationToken.None);
            return noise;
        });
        await MultistreamSelect.SelectAsync(clientRaw, NoiseHandshake.ProtocolId, CancellationToken.None);
        var clientNoise = await NoiseHandshake.InitiateAsync(clientRaw, clientKey, serverKey.PeerId, CancellationToken.None);
        await MultistreamSelect.SelectAsync(clientNoise, YamuxSession.ProtocolId, CancellationToken.None);
        var serverNoise = await serverSide;

        var client = new YamuxSession(clientNoise, isClient: true, new YamuxOptions(), _ => { });
        var server = new YamuxSession(serverNoise, isClient: false, new YamuxOptions(), onServerStream);
        client.Start();
        server.Start();
        var pair = new LoopbackPair { Client = client, Server = server };
        pair._owned.AddRange([client, server, clientNoise, serverNoise, clientRaw, serverRaw]);
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
            await owned.DisposeAsync();
    }
}
