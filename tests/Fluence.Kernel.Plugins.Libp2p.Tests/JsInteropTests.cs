using Fluence.Kernel.Transport;
using System.Text;
using Fluence.Kernel.Plugins.Libp2p.Protocols;
using Fluence.Kernel.Plugins.Libp2p.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>Interop with js-libp2p 3.x (noise 17, yamux 8, identify 4, ping 3): software no one here wrote.</summary>
public sealed class JsInteropTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("tcp")]
    [InlineData("ws")]
    public async Task Our_peer_dials_a_js_peer_pings_it_identifies_it_and_sends_it_a_particle_frame(string transport)
    {
        await using var js = await JsPeer.StartAsync(output);
        await using var peer = await TestPeer.StartAsync(output, "cs");
        var address = (transport == "ws" ? js.WsAddress : js.TcpAddress).WithPeerId(js.Id);

        Assert.Equal(ConnectOutcome.Connected, await peer.Transport.ConnectAsync(js.Id, [address], CancellationToken.None));
        Assert.Contains(ProtocolIds.Particle, peer.Transport.RemoteProtocols(js.Id)!);
        Assert.Contains(ProtocolIds.Ping, peer.Transport.RemoteProtocols(js.Id)!);
        var rtt = await peer.Transport.PingAsync(js.Id, CancellationToken.None);
        Assert.True(rtt > TimeSpan.Zero);

        await peer.Transport.SendAsync(js.Id, Encoding.UTF8.GetBytes($"particle over {transport}"), CancellationToken.None);
        var frame = await js.WaitForLineAsync("FRAME ");
        Assert.Contains($"from={peer.Id}", frame);
        Assert.Contains($"text=\"particle over {transport}\"", frame);

        // The JS side identified us: our protocol version and the particle and Kademlia protocols.
        var identify = await js.WaitForLineAsync($"IDENTIFY {peer.Id}");
        Assert.Contains("protocolVersion=/fluence/particle/2.0.0", identify);
        Assert.Contains(ProtocolIds.Particle, identify);
        Assert.Contains("/fluence/kad/dar/1.0.0", identify);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("ws")]
    public async Task A_js_peer_dials_ours_pings_it_and_sends_many_frames_on_concurrent_streams(string transport)
    {
        await using var peer = await TestPeer.StartAsync(output, "cs");
        var address = transport == "ws" ? peer.WsAddress : peer.TcpAddress;
        const int count = 64;
        await using var js = await JsPeer.StartAsync(output, new Dictionary<string, string>
        {
            ["DIAL"] = address.ToString(),
            ["COUNT"] = count.ToString(),
            ["MSG"] = "frame",
        });

        var received = new HashSet<string>();
        for (int i = 0; i < count; i++)
            received.Add(Encoding.UTF8.GetString(await peer.ReceiveAsync()));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"frame#{i}").ToHashSet(), received);
        Assert.Contains(js.Lines, l => l.StartsWith("PING ", StringComparison.Ordinal) && l.Contains("rtt="));
        Assert.True(peer.Transport.IsConnected(js.Id));
        await js.WaitForLineAsync($"IDENTIFY {peer.Id}");
    }

    [Fact]
    public async Task A_js_peer_echoes_our_frame_back_and_it_reaches_our_inbound_channel()
    {
        await using var js = await JsPeer.StartAsync(output, new Dictionary<string, string> { ["ECHO"] = "1" });
        await using var peer = await TestPeer.StartAsync(output, "cs");
        Assert.Equal(ConnectOutcome.Connected, await peer.Transport.ConnectAsync(js.Id, [js.TcpAddress], CancellationToken.None));

        var payload = new byte[100_000];
        Random.Shared.NextBytes(payload);
        await peer.Transport.SendAsync(js.Id, payload, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var echoed = await peer.Transport.Inbound.ReadAsync(cts.Token);
        Assert.Equal(js.Id, echoed.From);
        Assert.Equal(payload, echoed.Frame.ToArray());
    }

    [Fact]
    public async Task Dialling_a_js_peer_under_the_wrong_peer_id_fails_the_handshake()
    {
        await using var js = await JsPeer.StartAsync(output);
        await using var peer = await TestPeer.StartAsync(output, "cs");
        var impostor = Fluence.Kernel.Identity.KeyPair.Generate().PeerId;

        var outcome = await peer.Transport.ConnectAsync(impostor, [js.TcpAddress.WithPeerId(impostor)], CancellationToken.None);
        Assert.False(outcome.IsConnected);
        Assert.Contains($"handshake failed: noise: dialled {impostor} but the remote peer is {js.Id}", outcome.Failure);
        Assert.False(peer.Transport.IsConnected(js.Id));
        await peer.Log.WaitForAsync($"dialled {impostor} but the remote peer is {js.Id}");
    }

    [Fact]
    public async Task Our_peer_sends_many_frames_to_a_js_peer_on_concurrent_streams()
    {
        await using var js = await JsPeer.StartAsync(output);
        await using var peer = await TestPeer.StartAsync(output, "cs");
        Assert.Equal(ConnectOutcome.Connected, await peer.Transport.ConnectAsync(js.Id, [js.WsAddress], CancellationToken.None));
        const int count = 100;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            peer.Transport.SendAsync(js.Id, Encoding.UTF8.GetBytes($"concurrent#{i}"), CancellationToken.None).AsTask()));
        await js.WaitForCountAsync("FRAME ", count);
        var texts = js.Lines.Where(l => l.StartsWith("FRAME ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("text=", StringComparison.Ordinal) + 6)..^1]).ToHashSet();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"concurrent#{i}").ToHashSet(), texts);
    }
}
