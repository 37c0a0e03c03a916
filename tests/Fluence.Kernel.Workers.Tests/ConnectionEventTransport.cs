using System.Threading.Channels;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// Only the <see cref="ITransport.ConnectionChanged"/> event of a transport, which is all connection triggers use;
/// the sending side is not part of these tests and refuses to be used.
/// </summary>
internal sealed class ConnectionEventTransport : ITransport
{
    public event EventHandler<PeerConnectionEvent>? ConnectionChanged;

    public void Raise(PeerId peer, bool connected) => ConnectionChanged?.Invoke(this, new PeerConnectionEvent(peer, connected));

    public IReadOnlyList<Multiaddr> ListenAddresses => [];
    public ChannelReader<InboundFrame> Inbound { get; } = Channel.CreateBounded<InboundFrame>(1).Reader;
    public IReadOnlyCollection<PeerId> ConnectedPeers => [];
    public bool IsConnected(PeerId peer) => false;
    public Contact? GetContact(PeerId peer) => null;

    public ValueTask SendAsync(PeerId peer, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        throw new NotSupportedException("connection-event transport does not send");

    public ValueTask<ConnectOutcome> ConnectAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ConnectOutcome.Failed("this test transport does not dial"));

    public ValueTask<IReadOnlyList<Contact>> GetNeighborhoodAsync(ReadOnlyMemory<byte> key, int count, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Contact>>([]);
}
