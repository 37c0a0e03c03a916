using System.Threading.Channels;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.TestPlugins;

/// <summary>A transport that knows no peers; its listen address tells tests which plugin filled the slot.</summary>
internal sealed class TestTransport(IPeerEnvironment environment, string name, int port)
    : RecordingLifecycle(environment, name), ITransport
{
    private readonly Channel<InboundFrame> _inbound = Channel.CreateBounded<InboundFrame>(1);

    public IReadOnlyList<Multiaddr> ListenAddresses { get; } = [Multiaddr.Parse($"/ip4/127.0.0.1/tcp/{port}/ws")];
    public ChannelReader<InboundFrame> Inbound => _inbound.Reader;
    public event EventHandler<PeerConnectionEvent>? ConnectionChanged { add { } remove { } }
    public IReadOnlyCollection<PeerId> ConnectedPeers => [];
    public bool IsConnected(PeerId peer) => false;
    public Contact? GetContact(PeerId peer) => null;

    public ValueTask SendAsync(PeerId peer, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) =>
        throw new PeerUnreachableException(peer, "the test transport knows no peers");

    public ValueTask<ConnectOutcome> ConnectAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ConnectOutcome.Failed("this test transport does not dial"));

    public ValueTask<IReadOnlyList<Contact>> GetNeighborhoodAsync(ReadOnlyMemory<byte> key, int count, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Contact>>([]);
}
