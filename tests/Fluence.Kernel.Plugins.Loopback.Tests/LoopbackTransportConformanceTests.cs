using Fluence.Kernel.Conformance;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Loopback.Tests;

/// <summary>The loopback transport passes the transport slot's conformance suite (one fresh network per test).</summary>
public sealed class LoopbackTransportConformanceTests : TransportConformance
{
    private readonly string _network = $"conformance-{Guid.NewGuid():N}";

    protected override async Task<ITransport> StartTransportAsync(KeyPair key, CancellationToken cancellationToken)
    {
        var transport = new LoopbackTransport(Options.Create(new LoopbackOptions { Network = _network }), new TestPeerEnvironment(key),
            NullLogger<LoopbackTransport>.Instance);
        await transport.StartAsync(cancellationToken);
        return transport;
    }

    protected override Task StopTransportAsync(ITransport transport) => ((LoopbackTransport)transport).StopAsync(CancellationToken.None);
}
