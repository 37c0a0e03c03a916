using Fluence.Kernel.Conformance;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Tests.Support;
using Fluence.Kernel.Transport;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>The libp2p transport passes the transport slot's conformance suite, each peer on its own 127.0.0.1 ports.</summary>
public sealed class Libp2pTransportConformanceTests : TransportConformance
{
    private readonly Dictionary<ITransport, TestPeer> _peers = [];

    protected override async Task<ITransport> StartTransportAsync(KeyPair key, CancellationToken cancellationToken)
    {
        var peer = await TestPeer.StartAsync(output: null, name: key.PeerId.ToString()[^6..], key: key);
        _peers[peer.Transport] = peer;
        return peer.Transport;
    }

    protected override async Task StopTransportAsync(ITransport transport)
    {
        if (_peers.Remove(transport, out var peer))
            await peer.DisposeAsync();
    }
}
