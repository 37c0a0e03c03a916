using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

/// <summary>A started <see cref="Libp2pTransport"/> on free 127.0.0.1 ports (TCP and WS), stopped on dispose.</summary>
internal sealed class TestPeer : IAsyncDisposable
{
    private TestPeer(Libp2pTransport transport, KeyPair key, LogCollector log)
    {
        Transport = transport;
        Key = key;
        Log = log;
    }

    public Libp2pTransport Transport { get; }
    public KeyPair Key { get; }
    public PeerId Id => Key.PeerId;
    public LogCollector Log { get; }

    public Multiaddr TcpAddress => Transport.ListenAddresses.First(a => !a.Has(MultiaddrProtocol.Ws)).WithPeerId(Id);
    public Multiaddr WsAddress => Transport.ListenAddresses.First(a => a.Has(MultiaddrProtocol.Ws)).WithPeerId(Id);

    public static async Task<TestPeer> StartAsync(ITestOutputHelper? output, string name, Action<Libp2pOptions>? configure = null, KeyPair? key = null)
    {
        key ??= KeyPair.Generate();
        var options = new Libp2pOptions
        {
            ListenAddresses = ["/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0/ws"],
            HandshakeTimeout = TimeSpan.FromSeconds(5),
            DialTimeout = TimeSpan.FromSeconds(5),
            WriteTimeout = TimeSpan.FromSeconds(5),
            BootstrapBackoff = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        var validation = new Libp2pOptionsValidator().Validate(null, options);
        if (validation.Failed)
            throw new InvalidOperationException(validation.FailureMessage);
        var log = new LogCollector(output, name);
        var transport = new Libp2pTransport(new TestPeerEnvironment(key), Options.Create(options), log);
        await transport.StartAsync(CancellationToken.None);
        return new TestPeer(transport, key, log);
    }

    public async Task<byte[]> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var frame = await Transport.Inbound.ReadAsync(cts.Token);
        return frame.Frame.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Transport.StopAsync(cts.Token);
    }
}
