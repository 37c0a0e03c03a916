using System.Threading.Channels;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Multistream;
using Fluence.Kernel.Plugins.Libp2p.Noise;
using Fluence.Kernel.Plugins.Libp2p.Protocols;
using Fluence.Kernel.Plugins.Libp2p.Transports;
using Fluence.Kernel.Plugins.Libp2p.Wire;
using Fluence.Kernel.Plugins.Libp2p.Yamux;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

/// <summary>
/// A hand-driven libp2p client built from the plugin's layers, to misbehave on purpose: announce the wrong
/// protocols or a forged record in identify, flood streams, send broken frames, or stop reading.
/// </summary>
internal sealed class ManualPeer : IAsyncDisposable
{
    private readonly RawConnection _raw;
    private readonly NoiseChannel _noise;

    private ManualPeer(RawConnection raw, NoiseChannel noise, YamuxSession session)
    {
        _raw = raw;
        _noise = noise;
        Session = session;
    }

    public YamuxSession Session { get; }

    /// <summary>The particle frames the peer sent us, in arrival order.</summary>
    public ChannelReader<byte[]> Received => _received.Reader;

    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>();

    /// <param name="identify">What to answer when the peer asks who we are (null: answer nothing).</param>
    /// <param name="readStreams">False: answer identify, but never read particle streams (a peer that stops reading).</param>
    /// <param name="identifyAnswered">When given, the identify answer waits for it (a peer slow to identify itself).</param>
    public static async Task<ManualPeer> ConnectAsync(Multiaddr address, KeyPair key, Func<IdentifyMessage>? identify, bool readStreams = true, Task? identifyAnswered = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var raw = await Dialer.DialAsync(address.WithoutPeerId(), timeout.Token);
        await MultistreamSelect.SelectAsync(raw, NoiseHandshake.ProtocolId, timeout.Token);
        var noise = await NoiseHandshake.InitiateAsync(raw, key, address.PeerId, timeout.Token);
        await MultistreamSelect.SelectAsync(noise, YamuxSession.ProtocolId, timeout.Token);
        ManualPeer? peer = null;
        var session = new YamuxSession(noise, isClient: true, new YamuxOptions(), stream => _ = Task.Run(() => peer!.ServeAsync(stream, identify, readStreams, identifyAnswered)));
        peer = new ManualPeer(raw, noise, session);
        session.Start();
        return peer;
    }

    private async Task ServeAsync(YamuxStream stream, Func<IdentifyMessage>? identify, bool readStreams, Task? identifyAnswered)
    {
        var channel = new StreamChannel(stream);
        try
        {
            var protocol = await MultistreamSelect.ListenAsync(channel, p => p == ProtocolIds.Identify || p == ProtocolIds.Particle, CancellationToken.None);
            if (protocol == ProtocolIds.Identify && identify is not null)
            {
                if (identifyAnswered is not null)
                    await identifyAnswered;
                LengthPrefixed.Write(channel.Output, identify().Encode());
                await channel.CloseWriteAsync(CancellationToken.None);
            }
            else if (readStreams && await LengthPrefixed.ReadAsync(channel.Input, 64 * 1024 * 1024, CancellationToken.None) is { } frame)
                _received.Writer.TryWrite(frame);
            // Otherwise never read: the peer's data piles up against our receive window.
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // The peer under test closes us: that is what these tests expect.
        }
    }

    /// <summary>An identify answer that keeps us connected: our key and the particle protocol.</summary>
    public static IdentifyMessage GoodIdentify(KeyPair key) => new()
    {
        PublicKey = PublicKeyProto.Encode(key.PeerId),
        Protocols = [ProtocolIds.Particle, ProtocolIds.Identify],
        ProtocolVersion = ProtocolIds.Particle,
        AgentVersion = "manual-test-peer",
    };

    /// <summary>Opens a stream on <paramref name="protocol"/> and writes raw bytes (not necessarily a valid frame).</summary>
    public async Task<StreamChannel> SendRawAsync(string protocol, byte[] bytes, bool closeWrite)
    {
        var stream = await Session.OpenStreamAsync(CancellationToken.None);
        var channel = new StreamChannel(stream);
        await MultistreamSelect.SelectAsync(channel, protocol, CancellationToken.None);
        await channel.Output.WriteAsync(bytes);
        if (closeWrite)
            await channel.CloseWriteAsync(CancellationToken.None);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await _noise.DisposeAsync();
        await _raw.DisposeAsync();
    }
}
