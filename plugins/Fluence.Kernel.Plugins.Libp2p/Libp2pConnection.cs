using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Noise;
using Fluence.Kernel.Plugins.Libp2p.Transports;
using Fluence.Kernel.Plugins.Libp2p.Yamux;

namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>One upgraded connection: raw transport, Noise channel and Yamux session to an authenticated peer.</summary>
internal sealed class Libp2pConnection : IAsyncDisposable
{
    private readonly RawConnection _raw;
    private readonly NoiseChannel _noise;
    private readonly TaskCompletionSource<bool> _identified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    public Libp2pConnection(RawConnection raw, NoiseChannel noise, YamuxSession session, bool isDialer, int maxParticleStreams)
    {
        ParticleStreams = new SemaphoreSlim(maxParticleStreams, maxParticleStreams);
        _raw = raw;
        _noise = noise;
        Session = session;
        IsDialer = isDialer;
    }

    public PeerId RemotePeer => _noise.RemotePeer;
    public Multiaddr RemoteAddress => _raw.RemoteAddress;
    public bool IsDialer { get; }
    public YamuxSession Session { get; }

    /// <summary>Slots for outbound particle streams (Libp2p:MaxConcurrentParticleStreams).</summary>
    public SemaphoreSlim ParticleStreams { get; }

    /// <summary>The protocols the peer announced in identify (empty until then).</summary>
    public IReadOnlyList<string> RemoteProtocols { get; set; } = [];

    /// <summary>True once identify passed and the peer speaks the particle protocol; false if the connection ended first.</summary>
    public Task<bool> Identified => _identified.Task;

    public void MarkIdentified(bool ok) => _identified.TrySetResult(ok);

    public bool IsClosed => Session.IsClosed;

    public override string ToString() => $"{RemotePeer} at {RemoteAddress} ({(IsDialer ? "outbound" : "inbound")})";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _identified.TrySetResult(false);
        await Session.DisposeAsync().ConfigureAwait(false);
        await _noise.DisposeAsync().ConfigureAwait(false);
        await _raw.DisposeAsync().ConfigureAwait(false);
    }
}
