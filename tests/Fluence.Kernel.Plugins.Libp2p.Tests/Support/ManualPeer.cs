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

    /// <param name="identify">What to answer when the peer asks who we are (null: answer nothing).</param>
    /// <param name="readStreams">False: answer identify, but never read particle streams (a peer that stops reading).</param>
    public static async Task<ManualPeer> ConnectAsync(Multiaddr address, KeyPair key, Func<IdentifyMessage>? identify, bool readStreams = true)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var raw = await Dialer.DialAsync(address.WithoutPeerId(), timeout.Token);
        await MultistreamSelect.SelectAsync(raw, NoiseHandshake.ProtocolId, timeout.Token);
        var noise = await NoiseHandshake.InitiateAsync(raw, key, address.PeerId, timeout.Token);
        await MultistreamSelect.SelectAsync(noise, YamuxSession.ProtocolId, timeout.Token);
        var session = new YamuxSession(noise, isClient: true, new YamuxOptions(), stream => _ = Task.Run(() => ServeAsync(stream, identify, readStreams)));
        session.Start();
        return new ManualPeer(raw, noise, session);
    }

    private static async Task ServeAsync(YamuxStream stream, Func<IdentifyMessage>? identify, bool readStreams)
    {
        var channel = new StreamChannel(stream);
        try
        {
            var protocol = await MultistreamSelect.ListenAsync(channel, p => p == ProtocolIds.Identify || p == ProtocolIds.Particle, CancellationToken.None);
            if (protocol == ProtocolIds.Identify && identify is not null)
            {
                LengthPrefixed.Write(channel.Output, identify().Encode());
                await channel.CloseWriteAsync(CancellationToken.None);
            }
            else if (readStreams)
                await LengthPrefixed.ReadAsync(channel.Input, 64 * 1024 * 1024, CancellationToken.None);
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
