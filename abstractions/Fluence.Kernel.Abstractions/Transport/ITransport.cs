using System.Threading.Channels;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Transport;

/// <summary>
/// The transport slot: how particle frames reach other peers and clients. A transport moves opaque particle frames
/// (multicodec ‖ MessagePack, exactly what <c>/fluence/particle/2.0.0</c> carries after its length prefix); the kernel
/// encodes and decodes them. The local identity comes from <see cref="Hosting.IPeerEnvironment"/>.
/// </summary>
public interface ITransport
{
    /// <summary>Addresses this peer listens on (with the actual ports once started).</summary>
    IReadOnlyList<Multiaddr> ListenAddresses { get; }

    /// <summary>
    /// Frames that arrived from other peers. Bounded: when the kernel falls behind, the transport stops reading
    /// from connections (back-pressure) rather than buffering without limit.
    /// </summary>
    ChannelReader<InboundFrame> Inbound { get; }

    /// <summary>Raised when a peer connects or disconnects (drives spell connection triggers).</summary>
    event EventHandler<PeerConnectionEvent>? ConnectionChanged;

    /// <summary>
    /// Sends one frame to <paramref name="peer"/>: over an existing connection (clients included) or, failing that,
    /// after finding and dialling the peer. Throws <see cref="PeerUnreachableException"/> when it cannot.
    /// </summary>
    ValueTask SendAsync(PeerId peer, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    bool IsConnected(PeerId peer);

    IReadOnlyCollection<PeerId> ConnectedPeers { get; }

    /// <summary>Connects to <paramref name="peer"/>, at <paramref name="addresses"/> when given; when it cannot, says why.</summary>
    ValueTask<ConnectOutcome> ConnectAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken);

    /// <summary>Addresses known for a peer (connected or discovered), or null when none is known.</summary>
    Contact? GetContact(PeerId peer);

    /// <summary>
    /// Up to <paramref name="count"/> known peers closest to <paramref name="key"/> by Kademlia XOR distance
    /// (backs <c>kad.neighborhood</c>). Transports without a DHT answer from the peers they know.
    /// </summary>
    ValueTask<IReadOnlyList<Contact>> GetNeighborhoodAsync(ReadOnlyMemory<byte> key, int count, CancellationToken cancellationToken);
}
