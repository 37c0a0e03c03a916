using System.Buffers;
using System.IO.Pipelines;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Multistream;
using Fluence.Kernel.Plugins.Libp2p.Noise;
using Fluence.Kernel.Plugins.Libp2p.Tests.Support;
using Fluence.Kernel.Plugins.Libp2p.Transports;
using Fluence.Kernel.Plugins.Libp2p.Wire;
using Fluence.Kernel.Plugins.Libp2p.Yamux;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>Each layer on in-memory pipes.</summary>
public sealed class LayerTests
{
    private static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task Multistream_listener_refuses_unknown_protocols_with_na_and_accepts_a_later_proposal()
    {
        var (dialer, listener) = MemoryDuplex.CreatePair();
        var listening = MultistreamSelect.ListenAsync(listener, p => p == "/b", Timeout);
        Assert.Equal("/b", await MultistreamSelect.SelectAsync(dialer, ["/a", "/b"], Timeout));
        Assert.Equal("/b", await listening);
    }

    [Fact]
    public async Task Multistream_dialer_fails_clearly_when_nothing_is_supported()
    {
        var (dialer, listener) = MemoryDuplex.CreatePair();
        _ = MultistreamSelect.ListenAsync(listener, _ => false, Timeout);
        var error = await Assert.ThrowsAsync<ProtocolNotSupportedException>(() => MultistreamSelect.SelectAsync(dialer, ["/x", "/y"], Timeout));
        Assert.Contains("/x, /y", error.Message);
    }

    private static async Task<(NoiseChannel Initiator, NoiseChannel Responder)> HandshakeAsync(KeyPair a, KeyPair b)
    {
        var (left, right) = MemoryDuplex.CreatePair();
        var responder = NoiseHandshake.RespondAsync(right, b, Timeout);
        var initiator = await NoiseHandshake.InitiateAsync(left, a, b.PeerId, Timeout);
        return (initiator, await responder);
    }

    [Fact]
    public async Task Noise_handshake_authenticates_both_identities_and_carries_a_megabyte_both_ways()
    {
        using var a = KeyPair.Generate();
        using var b = KeyPair.Generate();
        var (initiator, responder) = await HandshakeAsync(a, b);
        Assert.Equal(b.PeerId, initiator.RemotePeer);
        Assert.Equal(a.PeerId, responder.RemotePeer);

        var payload = new byte[1 << 20];
        Random.Shared.NextBytes(payload);
        var send = Task.Run(async () => await initiator.Output.WriteAsync(payload, Timeout));
        var received = await responder.Input.ReadAtLeastAsync(payload.Length, Timeout);
        Assert.Equal(payload, received.Buffer.Slice(0, payload.Length).ToArray());
        responder.Input.AdvanceTo(received.Buffer.GetPosition(payload.Length));
        await send;

        await responder.Output.WriteAsync("pong"u8.ToArray(), Timeout);
        var back = await initiator.Input.ReadAtLeastAsync(4, Timeout);
        Assert.Equal("pong"u8.ToArray(), back.Buffer.Slice(0, 4).ToArray());
    }

    [Fact]
    public async Task Noise_handshake_with_a_peer_other_than_the_expected_one_fails()
    {
        var (left, right) = MemoryDuplex.CreatePair();
        using var a = KeyPair.Generate();
        using var b = KeyPair.Generate();
        var expected = KeyPair.Generate().PeerId;
        _ = NoiseHandshake.RespondAsync(right, b, Timeout);
        var error = await Assert.ThrowsAsync<Libp2pProtocolException>(() => NoiseHandshake.InitiateAsync(left, a, expected, Timeout));
        Assert.Contains($"dialled {expected} but the remote peer is {b.PeerId}", error.Message);
    }

    [Fact]
    public async Task A_tampered_noise_transport_message_ends_the_channel_with_an_authentication_error()
    {
        var wireA = new Pipe();
        var wireB = new Pipe();
        var tamperedIn = new Pipe();
        using var a = KeyPair.Generate();
        using var b = KeyPair.Generate();
        // Responder reads what the initiator writes through a relay that flips one bit after the handshake.
        var relayDone = Task.Run(async () =>
        {
            long seen = 0;
            while (true)
            {
                var result = await wireA.Reader.ReadAsync(Timeout);
                foreach (var segment in result.Buffer)
                {
                    var copy = segment.ToArray();
                    for (int i = 0; i < copy.Length; i++, seen++)
                        if (seen == 400)
                            copy[i] ^= 1;
                    await tamperedIn.Writer.WriteAsync(copy, Timeout);
                }
                wireA.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                    break;
            }
        });
        var responder = NoiseHandshake.RespondAsync(new MemoryDuplex(tamperedIn.Reader, wireB.Writer), b, Timeout);
        var initiator = await NoiseHandshake.InitiateAsync(new MemoryDuplex(wireB.Reader, wireA.Writer), a, b.PeerId, Timeout);
        var channel = await responder;
        await initiator.Output.WriteAsync(new byte[500], Timeout);
        var error = await Assert.ThrowsAsync<Libp2pProtocolException>(async () =>
        {
            while (true)
            {
                var result = await channel.Input.ReadAsync(Timeout);
                channel.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                    break;
            }
        });
        Assert.Contains("failed authentication", error.Message);
    }

    private static (YamuxSession Client, YamuxSession Server, List<YamuxStream> Accepted) SessionPair(YamuxOptions? options = null)
    {
        var (left, right) = MemoryDuplex.CreatePair();
        var accepted = new List<YamuxStream>();
        var client = new YamuxSession(left, isClient: true, options ?? new YamuxOptions(), _ => { });
        var server = new YamuxSession(right, isClient: false, options ?? new YamuxOptions(), s => { lock (accepted) accepted.Add(s); });
        client.Start();
        server.Start();
        return (client, server, accepted);
    }

    [Fact]
    public async Task Yamux_streams_carry_data_both_ways_with_half_close()
    {
        var (client, server, accepted) = SessionPair();
        var stream = await client.OpenStreamAsync(Timeout);
        Assert.Equal(1u, stream.Id);
        await stream.WriteAsync("hello"u8.ToArray(), Timeout);
        await stream.CloseWriteAsync(Timeout);
        await NetworkTests.WaitUntilAsync(() => { lock (accepted) return accepted.Count == 1; });
        var inbound = accepted[0];
        var buffer = new byte[16];
        Assert.Equal(5, await inbound.ReadAtLeastAsync(buffer, 5, throwOnEndOfStream: false, Timeout));
        Assert.Equal(0, await inbound.ReadAsync(buffer, Timeout)); // FIN seen
        await inbound.WriteAsync("world"u8.ToArray(), Timeout);
        Assert.Equal(5, await stream.ReadAtLeastAsync(buffer, 5, throwOnEndOfStream: false, Timeout));
        Assert.Equal("world"u8.ToArray(), buffer[..5]);
        Assert.True(await client.PingAsync(Timeout) > TimeSpan.Zero);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Yamux_writer_waits_for_window_when_the_reader_does_not_read_and_resumes_when_it_does()
    {
        var (client, server, accepted) = SessionPair();
        var stream = await client.OpenStreamAsync(Timeout);
        var payload = new byte[YamuxOptions.InitialWindow * 3];
        var write = stream.WriteAsync(payload, Timeout).AsTask();
        await NetworkTests.WaitUntilAsync(() => { lock (accepted) return accepted.Count == 1; });
        await Task.Delay(300);
        Assert.False(write.IsCompleted); // 768 KiB cannot pass a 256 KiB window nobody reopens
        var inbound = accepted[0];
        var sink = new byte[payload.Length];
        await inbound.ReadExactlyAsync(sink, Timeout);
        await write.WaitAsync(TimeSpan.FromSeconds(10));
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Yamux_data_beyond_the_receive_window_closes_the_session_with_a_protocol_error()
    {
        var (left, right) = MemoryDuplex.CreatePair();
        var server = new YamuxSession(right, isClient: false, new YamuxOptions(), _ => { });
        server.Start();
        var header = new byte[YamuxHeader.Size];
        new YamuxHeader(YamuxFrameType.Data, YamuxFlags.Syn, 1, YamuxOptions.InitialWindow + 1).Write(header);
        await left.Output.WriteAsync(header, Timeout);
        var error = await server.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<Libp2pProtocolException>(error);
        Assert.Contains("exceeds the receive window", error!.Message);
    }

    [Fact]
    public async Task Yamux_refuses_a_stream_opened_with_our_own_parity()
    {
        var (left, right) = MemoryDuplex.CreatePair();
        var server = new YamuxSession(right, isClient: false, new YamuxOptions(), _ => { });
        server.Start();
        var header = new byte[YamuxHeader.Size];
        new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, 2, 0).Write(header);
        await left.Output.WriteAsync(header, Timeout);
        var error = await server.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("with our parity", error!.Message);
    }

    [Fact]
    public void WebSocket_upgrade_answers_the_rfc_6455_example_and_rejects_plain_http()
    {
        var response = WebSocketUpgrade.Accept("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response);
        Assert.Throws<FormatException>(() => WebSocketUpgrade.Accept("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    [Fact]
    public void Options_validation_names_the_bad_key()
    {
        var options = new Libp2pOptions { ListenAddresses = ["/ip4/127.0.0.1/udp/1"], BootstrapPeers = ["/ip4/127.0.0.1/tcp/1"], MaxFrameSize = 1 };
        var result = new Libp2pOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("Libp2p:ListenAddresses:0", result.FailureMessage);
        Assert.Contains("Libp2p:BootstrapPeers:0", result.FailureMessage);
        Assert.Contains("Libp2p:MaxFrameSize", result.FailureMessage);
        Assert.True(new Libp2pOptionsValidator().Validate(null, new Libp2pOptions()).Succeeded);
    }

    [Fact]
    public void Configured_listen_addresses_replace_the_defaults_instead_of_adding_to_them()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Libp2p:ListenAddresses:0"] = "/ip4/127.0.0.1/tcp/0/ws" })
            .Build();
        var options = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<Libp2pOptions>(configuration.GetSection("Libp2p"))!;
        Assert.Equal(["/ip4/127.0.0.1/tcp/0/ws"], options.EffectiveListenAddresses);
        Assert.Equal(Libp2pOptions.DefaultListenAddresses, new Libp2pOptions().EffectiveListenAddresses);
    }
}
