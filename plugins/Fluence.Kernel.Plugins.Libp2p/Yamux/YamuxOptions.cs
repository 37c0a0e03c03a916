namespace Fluence.Kernel.Plugins.Libp2p.Yamux;

/// <summary>Limits of one Yamux session.</summary>
internal sealed record YamuxOptions
{
    /// <summary>The spec's initial receive window; a stream never buffers more than this unread.</summary>
    public const int InitialWindow = 256 * 1024;

    /// <summary>Streams the remote may have open at once; more are reset.</summary>
    public int MaxInboundStreams { get; init; } = 256;

    /// <summary>Streams we may have open at once on one session.</summary>
    public int MaxOutboundStreams { get; init; } = 256;

    /// <summary>Largest data frame we send; big writes are split so streams share the connection fairly.</summary>
    public int MaxFrameSize { get; init; } = 64 * 1024;

    /// <summary>Control frames (acks, window updates, pongs, resets) queued for a peer that is not reading.</summary>
    public int MaxPendingControlFrames { get; init; } = 1024;
}
