namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>Configuration section <c>Libp2p</c>.</summary>
public sealed class Libp2pOptions
{
    /// <summary>The listen addresses used when <see cref="ListenAddresses"/> is not configured.</summary>
    public static IReadOnlyList<string> DefaultListenAddresses { get; } = ["/ip4/127.0.0.1/tcp/7771", "/ip4/127.0.0.1/tcp/9991/ws"];

    /// <summary>
    /// Multiaddrs to listen on: <c>/ip4/…/tcp/N</c> and <c>/ip4/…/tcp/N/ws</c> (port 0 picks a free one). Unset:
    /// <see cref="DefaultListenAddresses"/>; empty (<c>[]</c> in JSON, or an empty value): listen nowhere (a client). Null by default because configuration
    /// binding appends to a list's initial items instead of replacing them.
    /// </summary>
    public List<string>? ListenAddresses { get; set; }

    /// <summary>What the peer listens on: <see cref="ListenAddresses"/>, or the defaults when unset.</summary>
    public IReadOnlyList<string> EffectiveListenAddresses => ListenAddresses ?? [.. DefaultListenAddresses];

    /// <summary>Peers dialled at start and re-dialled with backoff while disconnected (each with <c>/p2p/&lt;id&gt;</c>).</summary>
    public List<string> BootstrapPeers { get; set; } = [];

    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a new connection gets for multistream-select, Noise and the muxer choice.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a write may stall on a peer that does not read before its connection is closed.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest particle frame sent or accepted on <c>/fluence/particle/2.0.0</c>.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    public int MaxConnections { get; set; } = 1024;

    public int MaxConnectionsPerPeer { get; set; } = 5;

    public int MaxStreamsPerConnection { get; set; } = 256;

    /// <summary>
    /// Particle streams we keep open at once towards one connection. js-libp2p resets inbound streams of a protocol
    /// beyond 32 (its default), after negotiation, which would drop frames; every send waits for the receiver to close
    /// its side, so this bounds what the receiver sees.
    /// </summary>
    public int MaxConcurrentParticleStreams { get; set; } = 32;

    /// <summary>Frames buffered for the kernel before connections stop being read (back-pressure).</summary>
    public int InboundCapacity { get; set; } = 1024;

    /// <summary>Kademlia network: <c>/fluence/kad/{network}/1.0.0</c> (<c>dar</c>, <c>stage</c>, <c>kras</c> or a hex id).</summary>
    public string KademliaNetwork { get; set; } = "dar";

    /// <summary>Kademlia k: bucket size and the number of peers a FIND_NODE answers with.</summary>
    public int KademliaBucketSize { get; set; } = 20;

    public TimeSpan KademliaQueryTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan BootstrapBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan BootstrapBackoffMax { get; set; } = TimeSpan.FromSeconds(60);

    public string AgentVersion { get; set; } = "fluence-kernel/1.0.0";
}
