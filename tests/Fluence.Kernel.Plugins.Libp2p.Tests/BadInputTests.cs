using System.Net.Sockets;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Plugins.Libp2p.Protocols;
using Fluence.Kernel.Plugins.Libp2p.Tests.Support;
using Fluence.Kernel.Transport;
using Xunit;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>
/// Misbehaving peers at every layer: each is cut off with a log line and the peer keeps serving others.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output)
{
    private async Task StillServesOthersAsync(TestPeer peer)
    {
        await using var good = await TestPeer.StartAsync(output, "good");
        Assert.Equal(ConnectOutcome.Connected, await good.Transport.ConnectAsync(peer.Id, [peer.TcpAddress], CancellationToken.None));
        await good.Transport.SendAsync(peer.Id, "still here"u8.ToArray(), CancellationToken.None);
        var frame = await peer.Transport.Inbound.ReadAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal(good.Id, frame.From);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("oversized-multistream")]
    [InlineData("truncated")]
    [InlineData("garbage-noise")]
    public async Task Garbage_before_the_secure_channel_closes_the_connection_with_a_log_line(string kind)
    {
        await using var peer = await TestPeer.StartAsync(output, "peer");
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", peer.TcpAddress.TcpPort!.Value);
        var stream = socket.GetStream();
        byte[] bytes = kind switch
        {
            "garbage" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            "oversized-multistream" => Varint.Encode(10_000_000),
            "truncated" => [0x13, .. "/multistream/1."u8.ToArray()],
            _ => [0x13, .. "/multistream/1.0.0\n"u8.ToArray(), 0x07, .. "/noise\n"u8.ToArray(), 0x00, 0x05, 1, 2, 3, 4, 5],
        };
        await stream.WriteAsync(bytes);
        if (kind == "truncated")
            socket.Client.Shutdown(SocketShutdown.Send);
        await peer.Log.WaitForAsync("inbound connection");
        Assert.Contains(peer.Log.Lines, l => l.Contains("closed during the handshake"));
        await StillServesOthersAsync(peer);
    }

    [Fact]
    public async Task A_peer_that_does_not_announce_the_particle_protocol_is_disconnected_after_identify()
    {
        await using var peer = await TestPeer.StartAsync(output, "peer");
        var key = KeyPair.Generate();
        await using var manual = await ManualPeer.ConnectAsync(peer.TcpAddress, key, () => ManualPeer.GoodIdentify(key) with { Protocols = [ProtocolIds.Identify] });
        await peer.Log.WaitForAsync($"does not announce {ProtocolIds.Particle}");
        await NetworkTests.WaitUntilAsync(() => manual.Session.IsClosed);
        Assert.False(peer.Transport.IsConnected(key.PeerId));
        await StillServesOthersAsync(peer);
    }

    [Fact]
    public async Task A_bad_signature_on_the_identify_peer_record_disconnects_the_peer()
    {
        await using var peer = await TestPeer.StartAsync(output, "peer");
        var key = KeyPair.Generate();
        var record = SignedEnvelope.Seal(key, SignedEnvelope.PeerRecordDomain, SignedEnvelope.PeerRecordType, [1, 2, 3]);
        record[^1] ^= 0xFF; // the last byte belongs to the signature
        await using var manual = await ManualPeer.ConnectAsync(peer.TcpAddress, key, () => ManualPeer.GoodIdentify(key) with { SignedPeerRecord = record });
        await peer.Log.WaitForAsync("bad signature");
        await NetworkTests.WaitUntilAsync(() => manual.Session.IsClosed);
        Assert.False(peer.Transport.IsConnected(key.PeerId));
    }

    [Fact]
    public async Task An_identify_public_key_of_another_peer_disconnects_the_peer()
    {
        await using var peer = await TestPeer.StartAsync(output, "peer");
        var key = KeyPair.Generate();
        var other = KeyPair.Generate();
        await using var manual = await ManualPeer.ConnectAsync(peer.TcpAddress, key, () => ManualPeer.GoodIdentify(key) with { PublicKey = Wire.PublicKeyProto.Encode(other.PeerId) });
        await peer.Log.WaitForAsync("public key does not belong");
        await NetworkTests.WaitUntilAsync(() => manual.Session.IsClosed);
    }

    [Theory]
    [InlineData("oversized")]
    [InlineData("truncated")]
    public async Task A_bad_particle_frame_closes_the_connection_and_the_peer_keeps_serving(string kind)
    {
        await using var peer = await TestPeer.StartAsync(output, "peer", o => o.MaxFrameSize = 4096);
        var key = KeyPair.Generate();
        await using var manual = await ManualPeer.ConnectAsync(peer.TcpAddress, key, () => ManualPeer.GoodIdentify(key));
        await NetworkTests.WaitUntilAsync(() => peer.Transport.IsConnected(key.PeerId));
        byte[] bytes = kind == "oversized" ? [.. Varint.Encode(4097), .. new byte[100]] : [.. Varint.Encode(1000), .. new byte[10]];
        await manual.SendRawAsync(ProtocolIds.Particle, bytes, closeWrite: true);
        await peer.Log.WaitForAsync(kind == "oversized" ? "exceeds the limit of 4096" : "stream ended inside a length-prefixed frame");
        await NetworkTests.WaitUntilAsync(() => manual.Session.IsClosed);
        Assert.False(peer.Transport.Inbound.TryRead(out _));
        await StillServesOthersAsync(peer);
    }

    [Fact]
    public async Task Sending_a_frame_over_the_local_limit_is_refused_before_any_io()
    {
        await using var peer = await TestPeer.StartAsync(output, "peer", o => o.MaxFrameSize = 4096);
        await Assert.ThrowsAsync<ArgumentException>(() => peer.Transport.SendAsync(KeyPair.Generate().PeerId, new byte[4097], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_stream_flood_is_refused_past_the_limit_and_then_cut_off()
    {
        await using var peer = await TestPeer.StartAsync(output, "peer", o => o.MaxStreamsPerConnection = 8);
        var key = KeyPair.Generate();
        await using var manual = await ManualPeer.ConnectAsync(peer.TcpAddress, key, () => ManualPeer.GoodIdentify(key));
        await NetworkTests.WaitUntilAsync(() => peer.Transport.IsConnected(key.PeerId));
        var streams = new List<Yamux.YamuxStream>();
        try
        {
            for (int i = 0; i < 100 && !manual.Session.IsClosed; i++)
                streams.Add(await manual.Session.OpenStreamAsync(CancellationToken.None));
        }
        catch (IOException)
        {
            // the session was closed under us: expected
        }
        await peer.Log.WaitForAsync("stream flood");
        await NetworkTests.WaitUntilAsync(() => manual.Session.IsClosed);
        await StillServesOthersAsync(peer);
    }

    [Fact]
    public async Task A_peer_that_stops_reading_is_disconnected_after_the_write_timeout_without_unbounded_buffering()
    {
        await using var peer = await TestPeer.StartAsync(output, "peer", o => o.WriteTimeout = TimeSpan.FromSeconds(2));
        var key = KeyPair.Generate();
        // Answers identify, then never reads a particle stream: its receive windows fill and stay full.
        await using var silent = await ManualPeer.ConnectAsync(peer.TcpAddress, key, () => ManualPeer.GoodIdentify(key), readStreams: false);
        await NetworkTests.WaitUntilAsync(() => peer.Transport.IsConnected(key.PeerId));
        var error = await Assert.ThrowsAsync<PeerUnreachableException>(async () =>
        {
            for (int i = 0; i < 3; i++)
                await peer.Transport.SendAsync(key.PeerId, new byte[1_000_000], CancellationToken.None);
        });
        Assert.Contains("did not take the frame", error.Message);
        await peer.Log.WaitForAsync("was not taken within");
        await StillServesOthersAsync(peer);
    }
}
