using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading.Channels;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Loopback;

/// <summary>
/// <see cref="ITransport"/> over a <see cref="LoopbackNetwork"/>. Frames are copied, so sender and receiver share no
/// memory, as on a wire. A send to a peer that is on the network connects the two (both raise
/// <see cref="ConnectionChanged"/>); a send waits while the receiver's bounded inbound channel is full. Every peer
/// of the network counts as known, as if discovered through a DHT.
/// </summary>
public sealed class LoopbackTransport : ITransport, IPeerLifecycle, IAsyncDisposable
{
    private readonly LoopbackOptions _options;
    private readonly ILogger<LoopbackTransport> _logger;
    private readonly Channel<InboundFrame> _inbound;
    private readonly ConcurrentDictionary<PeerId, bool> _connected = new();
    private readonly Random _loss;
    private readonly object _lossLock = new();
    private LoopbackNetwork? _network;
    private readonly LoopbackEndpoint _endpoint;

    public LoopbackTransport(IOptions<LoopbackOptions> options, IPeerEnvironment environment, ILogger<LoopbackTransport> logger)
    {
        _options = options.Value;
        _logger = logger;
        LocalPeer = environment.HostId;
        _inbound = Channel.CreateBounded<InboundFrame>(new BoundedChannelOptions(_options.InboundCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loss = _options.LossSeed is { } seed ? new Random(seed) : new Random();
        ListenAddresses = [Multiaddr.Parse($"/p2p/{LocalPeer}")];
        _endpoint = (DeliverAsync, SetConnected, ListenAddresses);
    }

    public PeerId LocalPeer { get; }

    public IReadOnlyList<Multiaddr> ListenAddresses { get; }

    public ChannelReader<InboundFrame> Inbound => _inbound.Reader;

    public event EventHandler<PeerConnectionEvent>? ConnectionChanged;

    public IReadOnlyCollection<PeerId> ConnectedPeers => _connected.Keys.ToArray();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_network is not null)
            return Task.CompletedTask;
        var network = LoopbackNetwork.Get(_options.Network);
        network.Join(LocalPeer, _endpoint);
        _network = network;
        _logger.LogInformation("Peer {Peer} joined loopback network '{Network}'", LocalPeer, network.Name);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var network = Interlocked.Exchange(ref _network, null);
        if (network is null)
            return Task.CompletedTask;
        network.Leave(LocalPeer, _endpoint);
        foreach (var peer in _connected.Keys)
        {
            SetConnected(peer, false);
            if (network.TryFind(peer, out var remote))
                remote.SetConnected(LocalPeer, false);
        }
        _inbound.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public async ValueTask SendAsync(PeerId peer, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var remote = Resolve(peer);
        if (frame.Length > _options.MaxFrameSize)
            throw new PeerUnreachableException(peer, $"frame of {frame.Length} bytes exceeds the maximum of {_options.MaxFrameSize}");
        Connect(peer, remote);
        if (_options.Latency > TimeSpan.Zero)
            await Task.Delay(_options.Latency, cancellationToken);
        if (IsLost())
        {
            _logger.LogDebug("Loopback lost a frame from {From} to {To}", LocalPeer, peer);
            return;
        }
        await remote.Deliver(new InboundFrame(LocalPeer, frame.ToArray()), cancellationToken);
    }

    public bool IsConnected(PeerId peer) => _connected.ContainsKey(peer);

    public ValueTask<ConnectOutcome> ConnectAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken)
    {
        if (peer == LocalPeer)
            return ValueTask.FromResult(ConnectOutcome.Failed("it is this peer"));
        if (_network is null)
            return ValueTask.FromResult(ConnectOutcome.Failed("the loopback transport is not started"));
        if (!_network.TryFind(peer, out var remote))
            return ValueTask.FromResult(ConnectOutcome.Failed($"no peer {peer} on the loopback network '{_network.Name}'"));
        Connect(peer, remote);
        return ValueTask.FromResult(ConnectOutcome.Connected);
    }

    public Contact? GetContact(PeerId peer) =>
        _network is not null && _network.TryFind(peer, out var remote) ? new Contact(peer, remote.ListenAddresses) : null;

    public ValueTask<IReadOnlyList<Contact>> GetNeighborhoodAsync(ReadOnlyMemory<byte> key, int count, CancellationToken cancellationToken)
    {
        var network = _network;
        if (network is null || count <= 0)
            return ValueTask.FromResult<IReadOnlyList<Contact>>([]);
        var target = SHA256.HashData(key.Span);
        IReadOnlyList<Contact> closest = network.Members
            .Where(p => p != LocalPeer)
            .Select(p => (peer: p, distance: Xor(SHA256.HashData(p.Bytes), target)))
            .OrderBy(p => p.distance, DistanceComparer.Instance)
            .Take(count)
            .Select(p => GetContact(p.peer) ?? new Contact(p.peer, []))
            .ToArray();
        return ValueTask.FromResult(closest);
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private LoopbackEndpoint Resolve(PeerId peer)
    {
        var network = _network ?? throw new PeerUnreachableException(peer, "the loopback transport is not started");
        if (peer == LocalPeer)
            throw new PeerUnreachableException(peer, "a peer does not send particles to itself over the transport");
        if (!network.TryFind(peer, out var remote))
            throw new PeerUnreachableException(peer, $"not on loopback network '{network.Name}'");
        return remote;
    }

    private async ValueTask DeliverAsync(InboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _inbound.Writer.WriteAsync(frame, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new PeerUnreachableException(LocalPeer, "the peer stopped", e);
        }
    }

    private void Connect(PeerId peer, LoopbackEndpoint remote)
    {
        SetConnected(peer, true);
        remote.SetConnected(LocalPeer, true);
    }

    // Called on every send: the lock-free lookup first, since TryAdd takes a bucket lock even when the key is there.
    private void SetConnected(PeerId peer, bool connected)
    {
        if (connected ? !_connected.ContainsKey(peer) && _connected.TryAdd(peer, true) : _connected.TryRemove(peer, out _))
            ConnectionChanged?.Invoke(this, new PeerConnectionEvent(peer, connected));
    }

    private bool IsLost()
    {
        if (_options.LossRate <= 0)
            return false;
        lock (_lossLock)
            return _loss.NextDouble() < _options.LossRate;
    }

    private static byte[] Xor(byte[] a, byte[] b)
    {
        var result = new byte[a.Length];
        for (int i = 0; i < a.Length; i++)
            result[i] = (byte)(a[i] ^ b[i]);
        return result;
    }

    private sealed class DistanceComparer : IComparer<byte[]>
    {
        public static DistanceComparer Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
