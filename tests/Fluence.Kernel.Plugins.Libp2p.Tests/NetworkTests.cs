using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Plugins.Libp2p.Protocols;
using Fluence.Kernel.Plugins.Libp2p.Tests.Support;
using Fluence.Kernel.Transport;
using Xunit;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>Our peers among themselves on TCP and WebSocket loopback.</summary>
public sealed class NetworkTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("ws")]
    public async Task Two_peers_exchange_particle_frames_both_ways(string transport)
    {
        await using var a = await TestPeer.StartAsync(output, "a");
        await using var b = await TestPeer.StartAsync(output, "b");
        var events = new List<PeerConnectionEvent>();
        b.Transport.ConnectionChanged += (_, e) => { lock (events) events.Add(e); };

        Assert.Equal(ConnectOutcome.Connected, await a.Transport.ConnectAsync(b.Id, [transport == "ws" ? b.WsAddress : b.TcpAddress], CancellationToken.None));
        await a.Transport.SendAsync(b.Id, "a→b"u8.ToArray(), CancellationToken.None);
        Assert.Equal("a→b", Encoding.UTF8.GetString(await b.ReceiveAsync()));
        // b answers over the connection a opened (a may be a client with no reachable address).
        await b.Transport.SendAsync(a.Id, "b→a"u8.ToArray(), CancellationToken.None);
        Assert.Equal("b→a", Encoding.UTF8.GetString(await a.ReceiveAsync()));

        await WaitUntilAsync(() => { lock (events) return events.Contains(new PeerConnectionEvent(a.Id, true)); });
        Assert.True(b.Transport.IsConnected(a.Id));
        Assert.Contains(a.Id, b.Transport.ConnectedPeers);
    }

    [Fact]
    public async Task An_answer_to_a_peer_still_in_identify_waits_for_identify_instead_of_failing()
    {
        await using var relay = await TestPeer.StartAsync(output, "relay");
        var key = KeyPair.Generate();
        var identifyAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A client with no listen address: the relay can reach it only over the connection the client opened.
        await using var client = await ManualPeer.ConnectAsync(relay.WsAddress, key, () => ManualPeer.GoodIdentify(key), identifyAnswered: identifyAnswered.Task);
        await client.SendRawAsync(ProtocolIds.Particle, [.. Varint.Encode(7), .. "request"u8], closeWrite: true);
        Assert.Equal("request", Encoding.UTF8.GetString(await relay.ReceiveAsync()));
        Assert.False(relay.Transport.IsConnected(key.PeerId));

        var answer = relay.Transport.SendAsync(key.PeerId, "answer"u8.ToArray(), CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(answer.IsCompleted, "the answer must wait for identify, not fail or dial");
        identifyAnswered.SetResult();
        await answer.WaitAsync(TimeSpan.FromSeconds(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal("answer", Encoding.UTF8.GetString(await client.Received.ReadAsync(timeout.Token)));
    }

    [Fact]
    public async Task A_client_without_listen_addresses_receives_particles_over_its_own_connection()
    {
        await using var relay = await TestPeer.StartAsync(output, "relay");
        await using var client = await TestPeer.StartAsync(output, "client", o => o.ListenAddresses = []);
        Assert.Empty(client.Transport.ListenAddresses);
        Assert.Equal(ConnectOutcome.Connected, await client.Transport.ConnectAsync(relay.Id, [relay.WsAddress], CancellationToken.None));
        await WaitUntilAsync(() => relay.Transport.IsConnected(client.Id));

        await relay.Transport.SendAsync(client.Id, "for the client"u8.ToArray(), CancellationToken.None);
        Assert.Equal("for the client", Encoding.UTF8.GetString(await client.ReceiveAsync()));
    }

    [Fact]
    public async Task Disconnecting_raises_connection_changed_and_sending_to_an_unknown_peer_fails_clearly()
    {
        await using var a = await TestPeer.StartAsync(output, "a");
        var b = await TestPeer.StartAsync(output, "b");
        var disconnected = new TaskCompletionSource<PeerConnectionEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Transport.ConnectionChanged += (_, e) => { if (!e.Connected) disconnected.TrySetResult(e); };
        Assert.Equal(ConnectOutcome.Connected, await a.Transport.ConnectAsync(b.Id, [b.TcpAddress], CancellationToken.None));

        await b.DisposeAsync();
        var e = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(b.Id, e.Peer);
        Assert.False(a.Transport.IsConnected(b.Id));

        var stranger = Fluence.Kernel.Identity.KeyPair.Generate().PeerId;
        var error = await Assert.ThrowsAsync<PeerUnreachableException>(() => a.Transport.SendAsync(stranger, "x"u8.ToArray(), CancellationToken.None).AsTask());
        Assert.Equal(stranger, error.Peer);
    }

    [Fact]
    public async Task Three_peers_route_frames_including_to_a_peer_found_only_through_kademlia()
    {
        await using var b = await TestPeer.StartAsync(output, "b");
        await using var c = await TestPeer.StartAsync(output, "c", o => o.BootstrapPeers = [b.TcpAddress.ToString()]);
        await WaitUntilAsync(() => b.Transport.RoutingTableSize == 1 && c.Transport.IsConnected(b.Id));
        // a connects to b directly (no bootstrap lookup), so the only way to c is asking b.
        await using var a = await TestPeer.StartAsync(output, "a");
        Assert.Equal(ConnectOutcome.Connected, await a.Transport.ConnectAsync(b.Id, [b.TcpAddress], CancellationToken.None));
        await WaitUntilAsync(() => b.Transport.RoutingTableSize == 2 && a.Transport.RoutingTableSize == 1);
        Assert.False(a.Transport.IsConnected(c.Id));
        Assert.Null(a.Transport.GetContact(c.Id) is { Addresses.Count: > 0 } ? "a knew c's address before asking" : null);

        // a knows c only by id: the lookup through b finds c's addresses, a dials c and delivers the frame.
        await a.Transport.SendAsync(c.Id, "a→c via kademlia"u8.ToArray(), CancellationToken.None);
        var frame = await c.Transport.Inbound.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(a.Id, frame.From);
        Assert.Equal("a→c via kademlia", Encoding.UTF8.GetString(frame.Frame.Span));
        Assert.True(a.Transport.IsConnected(c.Id));
        await a.Log.WaitForAsync($"found {c.Id} through Kademlia");

        // and frames flow along the other edges too
        await c.Transport.SendAsync(b.Id, "c→b"u8.ToArray(), CancellationToken.None);
        Assert.Equal("c→b", Encoding.UTF8.GetString(await b.ReceiveAsync()));

        var neighborhood = await a.Transport.GetNeighborhoodAsync(c.Id.Bytes.ToArray(), 10, CancellationToken.None);
        Assert.Contains(neighborhood, n => n.PeerId == c.Id);
        Assert.Contains(neighborhood, n => n.PeerId == b.Id);
        Assert.DoesNotContain(neighborhood, n => n.PeerId == a.Id);
        Assert.Equal(c.Id, neighborhood[0].PeerId);
    }

    [Fact]
    public async Task A_bootstrap_peer_that_appears_later_is_dialled_with_backoff()
    {
        var bKey = Fluence.Kernel.Identity.KeyPair.Generate();
        int port = Fluence.Kernel.Testing.OneShotHttpServer.FreePort();
        var bAddress = $"/ip4/127.0.0.1/tcp/{port}/p2p/{bKey.PeerId}";
        await using var a = await TestPeer.StartAsync(output, "a", o => o.BootstrapPeers = [bAddress]);
        await a.Log.WaitForAsync("unreachable; retrying");

        await using var b = await TestPeer.StartAsync(output, "b", o => o.ListenAddresses = [$"/ip4/127.0.0.1/tcp/{port}"], bKey);
        await WaitUntilAsync(() => a.Transport.IsConnected(b.Id), TimeSpan.FromSeconds(15));
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not reached in time");
            await Task.Delay(25);
        }
    }
}
