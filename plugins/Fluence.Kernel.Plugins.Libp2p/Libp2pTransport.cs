using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Kademlia;
using Fluence.Kernel.Plugins.Libp2p.Multistream;
using Fluence.Kernel.Plugins.Libp2p.Noise;
using Fluence.Kernel.Plugins.Libp2p.Protocols;
using Fluence.Kernel.Plugins.Libp2p.Transports;
using Fluence.Kernel.Plugins.Libp2p.Wire;
using Fluence.Kernel.Plugins.Libp2p.Yamux;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Libp2p;

/// <summary>
/// The libp2p transport slot: listens on TCP and WebSocket, upgrades every connection with multistream-select,
/// Noise and Yamux, identifies peers (dropping those without <c>/fluence/particle/2.0.0</c>, as Nox does), serves
/// ping, identify and Kademlia, and moves particle frames one per stream. Connections are pooled and limited;
/// bootstrap peers are kept connected with backoff; unknown next peers are found through Kademlia.
/// </summary>
public sealed class Libp2pTransport : ITransport, IPeerLifecycle, IAsyncDisposable
{
    private const int KademliaParallelism = 3;
    private const int KademliaMaxRounds = 8;
    private const int MaxAddressBookEntries = 10_000;

    private readonly KeyPair _key;
    private readonly Libp2pOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly YamuxOptions _yamuxOptions;
    private readonly Channel<InboundFrame> _inbound;
    private readonly RoutingTable _routing;
    private readonly string _kademliaProtocol;
    private readonly HashSet<string> _served;
    private readonly object _gate = new();
    private readonly Dictionary<PeerId, List<Libp2pConnection>> _connections = new();
    private readonly ConcurrentDictionary<PeerId, IReadOnlyList<Multiaddr>> _addressBook = new();
    private readonly ConcurrentDictionary<PeerId, Task<DialAttempt>> _pendingDials = new();
    private readonly List<Listener> _listeners = [];
    private readonly List<Task> _background = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _connectionCount;
    private int _upgrading;

    public Libp2pTransport(IPeerEnvironment environment, IOptions<Libp2pOptions> options, ILogger<Libp2pTransport> logger)
    {
        _key = environment.HostKey;
        _time = environment.Time;
        _options = options.Value;
        _logger = logger;
        _yamuxOptions = new YamuxOptions { MaxInboundStreams = _options.MaxStreamsPerConnection, MaxOutboundStreams = _options.MaxStreamsPerConnection };
        _inbound = Channel.CreateBounded<InboundFrame>(new BoundedChannelOptions(_options.InboundCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _routing = new RoutingTable(_key.PeerId, _options.KademliaBucketSize);
        _kademliaProtocol = ProtocolIds.Kademlia(_options.KademliaNetwork);
        _served = [ProtocolIds.Particle, ProtocolIds.Identify, ProtocolIds.IdentifyPush, ProtocolIds.Ping, _kademliaProtocol];
    }

    public PeerId LocalPeer => _key.PeerId;

    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get
        {
            lock (_listeners)
                return _listeners.Select(l => l.Address).ToList();
        }
    }

    public ChannelReader<InboundFrame> Inbound => _inbound.Reader;

    public event EventHandler<PeerConnectionEvent>? ConnectionChanged;

    public IReadOnlyCollection<PeerId> ConnectedPeers
    {
        get
        {
            lock (_gate)
                return _connections.Where(kv => kv.Value.Any(IsUsable)).Select(kv => kv.Key).ToList();
        }
    }

    /// <summary>Peers in the Kademlia routing table.</summary>
    internal int RoutingTableSize => _routing.Count;

    public bool IsConnected(PeerId peer) => FindConnection(peer) is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var text in _options.EffectiveListenAddresses)
        {
            var listener = new Listener(Multiaddr.Parse(text), OnInboundConnectionAsync, _options.HandshakeTimeout, _logger);
            listener.Start();
            lock (_listeners)
                _listeners.Add(listener);
            _logger.LogInformation("libp2p listening on {Address}/p2p/{Peer}", listener.Address, LocalPeer);
        }
        foreach (var text in _options.BootstrapPeers)
            _background.Add(Task.Run(() => KeepBootstrapPeerAsync(Multiaddr.Parse(text))));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
            return;
        _stopping.Cancel();
        List<Listener> listeners;
        lock (_listeners)
            listeners = [.. _listeners];
        foreach (var listener in listeners)
            await listener.DisposeAsync().ConfigureAwait(false);
        List<Libp2pConnection> all;
        lock (_gate)
            all = _connections.Values.SelectMany(c => c).ToList();
        await Task.WhenAll(all.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _inbound.Writer.TryComplete();
    }

    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    // ---- sending ------------------------------------------------------------------------------------------------

    public async ValueTask SendAsync(PeerId peer, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (frame.Length > _options.MaxFrameSize)
            throw new ArgumentException($"frame of {frame.Length} bytes exceeds Libp2p:MaxFrameSize ({_options.MaxFrameSize})", nameof(frame));
        if (peer == LocalPeer)
            throw new PeerUnreachableException(peer, "it is this peer");
        var connection = FindConnection(peer)
            ?? await IdentifyingConnectionAsync(peer, cancellationToken).ConfigureAwait(false)
            ?? (await DialAsync(peer, null, cancellationToken).ConfigureAwait(false)).Connection
            ?? await DiscoverAndDialAsync(peer, cancellationToken).ConfigureAwait(false)
            ?? throw new PeerUnreachableException(peer, "not connected, and no address found directly or through Kademlia");
        await SendOnConnectionAsync(connection, frame, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendOnConnectionAsync(Libp2pConnection connection, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        using (var queued = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token))
        {
            queued.CancelAfter(_options.WriteTimeout);
            try
            {
                await connection.ParticleStreams.WaitAsync(queued.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                throw new PeerUnreachableException(connection.RemotePeer, $"{_options.MaxConcurrentParticleStreams} particle streams to the peer stayed busy for {_options.WriteTimeout}");
            }
        }
        // The stall timer starts once we own a stream slot: waiting behind our own sends is not the peer's fault.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_options.WriteTimeout);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await SendOnStreamAsync(connection, frame, timeout.Token).ConfigureAwait(false);
                    return;
                }
                catch (StreamResetException ex) when (attempt < MaxSendAttempts)
                {
                    // A receiver over its stream limit resets after negotiation (js-libp2p does): the frame was dropped.
                    _logger.LogDebug("{Peer} reset a particle stream ({Reason}); retrying", connection.RemotePeer, ex.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), _time, timeout.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            _logger.LogWarning("closing connection to {Connection}: a particle frame was not taken within {Timeout}", connection, _options.WriteTimeout);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new PeerUnreachableException(connection.RemotePeer, $"the peer did not take the frame within {_options.WriteTimeout}");
        }
        catch (Exception ex) when (ex is IOException or Libp2pProtocolException or ProtocolNotSupportedException)
        {
            throw new PeerUnreachableException(connection.RemotePeer, ex.Message, ex);
        }
        finally
        {
            connection.ParticleStreams.Release();
        }
    }

    private const int MaxSendAttempts = 3;

    /// <summary>How long a sent frame's stream waits for the receiver to close its side before it is reset to free it.</summary>
    private static readonly TimeSpan RemoteCloseGrace = TimeSpan.FromSeconds(1);

    private sealed class StreamResetException(string message, Exception inner) : IOException(message, inner);

    /// <summary>
    /// One frame on a fresh stream, write side closed after it. Then a short wait for the receiver: its FIN confirms,
    /// its reset means the frame was dropped (<see cref="StreamResetException"/>), silence past the grace counts as
    /// delivered (Nox and js handlers often never close) and the stream is reset so the receiver frees it.
    /// </summary>
    private static async Task SendOnStreamAsync(Libp2pConnection connection, ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var stream = await connection.Session.OpenStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = new StreamChannel(stream);
        await MultistreamSelect.SelectAsync(channel, ProtocolIds.Particle, cancellationToken).ConfigureAwait(false);
        LengthPrefixed.Write(channel.Output, frame.Span);
        await channel.CloseWriteAsync(cancellationToken).ConfigureAwait(false);
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        grace.CancelAfter(RemoteCloseGrace);
        try
        {
            await AwaitRemoteCloseAsync(channel, grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (IOException ex) when (!connection.IsClosed)
        {
            throw new StreamResetException($"the peer reset the particle stream instead of accepting the frame ({ex.Message})", ex);
        }
    }

    /// <summary>Reads (and discards, bounded by the stream window) until the receiver's FIN; its reset throws.</summary>
    private static async Task AwaitRemoteCloseAsync(StreamChannel channel, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await channel.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            channel.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
                return;
        }
    }

    // ---- connecting ---------------------------------------------------------------------------------------------

    public async ValueTask<ConnectOutcome> ConnectAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken)
    {
        if (peer == LocalPeer)
            return ConnectOutcome.Failed("it is this peer");
        if (IsConnected(peer))
            return ConnectOutcome.Connected;
        var dial = await DialAsync(peer, addresses.Count > 0 ? addresses : null, cancellationToken).ConfigureAwait(false);
        return dial.Connection is not null ? ConnectOutcome.Connected : ConnectOutcome.Failed(dial.Failure ?? "unreachable");
    }

    /// <summary>Pings a connected (or dialable) peer over <c>/ipfs/ping/1.0.0</c> and returns the round trip.</summary>
    public async Task<TimeSpan> PingAsync(PeerId peer, CancellationToken cancellationToken)
    {
        var connection = FindConnection(peer);
        if (connection is null)
        {
            var dial = await DialAsync(peer, null, cancellationToken).ConfigureAwait(false);
            connection = dial.Connection ?? throw new PeerUnreachableException(peer, dial.Failure ?? "unreachable");
        }
        var stream = await connection.Session.OpenStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var channel = new StreamChannel(stream);
        await MultistreamSelect.SelectAsync(channel, ProtocolIds.Ping, cancellationToken).ConfigureAwait(false);
        return await PingProtocol.PingAsync(channel, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the peer announced in identify, if connected.</summary>
    internal IReadOnlyList<string>? RemoteProtocols(PeerId peer) => FindConnection(peer)?.RemoteProtocols;

    private Task<DialAttempt> DialAsync(PeerId peer, IReadOnlyList<Multiaddr>? addresses, CancellationToken cancellationToken)
    {
        addresses ??= KnownAddresses(peer);
        if (addresses is null || addresses.Count == 0)
            return Task.FromResult(DialAttempt.Failed("not connected and no address known"));
        var candidates = addresses.Where(a => TransportAddresses.KindOf(a) is not null).ToList();
        if (candidates.Count == 0)
            return Task.FromResult(DialAttempt.Failed($"no address this transport can dial among {string.Join(", ", addresses)} (TCP or WebSocket)"));
        // One dial per peer at a time: concurrent senders share its outcome.
        var dial = _pendingDials.GetOrAdd(peer, _ => Task.Run(() => DialAddressesAsync(peer, candidates)));
        _ = dial.ContinueWith(_ => _pendingDials.TryRemove(new KeyValuePair<PeerId, Task<DialAttempt>>(peer, dial)), TaskScheduler.Default);
        return dial.WaitAsync(cancellationToken);
    }

    private async Task<DialAttempt> DialAddressesAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses)
    {
        var failures = new List<string>(addresses.Count);
        foreach (var address in addresses)
        {
            if (_stopping.IsCancellationRequested)
                return DialAttempt.Failed("the transport is stopping");
            if (address.PeerId is { } named && named != peer)
            {
                failures.Add($"{address}: names another peer");
                continue;
            }
            RawConnection? raw = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                timeout.CancelAfter(_options.DialTimeout);
                raw = await Dialer.DialAsync(address.WithoutPeerId(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException or OperationCanceledException or NotSupportedException)
            {
                var reason = ex switch
                {
                    OperationCanceledException => $"no connection within {_options.DialTimeout}",
                    { InnerException: { } inner } => $"{ex.Message} ({inner.Message})",
                    _ => ex.Message,
                };
                _logger.LogDebug("dial {Address} for {Peer} failed: {Reason}", address, peer, reason);
                failures.Add($"{address}: {reason}");
                continue;
            }
            var (connection, upgradeFailure) = await UpgradeAsync(raw, isDialer: true, expected: peer).ConfigureAwait(false);
            if (connection is null)
            {
                failures.Add($"{address}: {upgradeFailure}");
                continue;
            }
            if (await AdoptAsync(connection).ConfigureAwait(false) is not { } refusal)
                return new DialAttempt(connection, null);
            failures.Add($"{address}: {refusal}");
        }
        return DialAttempt.Failed(string.Join("; ", failures));
    }

    private async Task OnInboundConnectionAsync(RawConnection raw)
    {
        if (Volatile.Read(ref _connectionCount) + Volatile.Read(ref _upgrading) >= _options.MaxConnections)
        {
            _logger.LogWarning("refusing connection from {Address}: {Max} connections (Libp2p:MaxConnections)", raw.RemoteAddress, _options.MaxConnections);
            await raw.DisposeAsync().ConfigureAwait(false);
            return;
        }
        var (connection, _) = await UpgradeAsync(raw, isDialer: false, expected: null).ConfigureAwait(false);
        if (connection is not null)
            await AdoptAsync(connection).ConfigureAwait(false);
    }

    /// <summary>multistream-select → Noise → multistream-select → Yamux, within the handshake timeout; on failure (logged), why.</summary>
    private async Task<(Libp2pConnection? Connection, string? Failure)> UpgradeAsync(RawConnection raw, bool isDialer, PeerId? expected)
    {
        Interlocked.Increment(ref _upgrading);
        NoiseChannel? noise = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.HandshakeTimeout);
            if (isDialer)
            {
                await MultistreamSelect.SelectAsync(raw, NoiseHandshake.ProtocolId, timeout.Token).ConfigureAwait(false);
                noise = await NoiseHandshake.InitiateAsync(raw, _key, expected, timeout.Token).ConfigureAwait(false);
                await MultistreamSelect.SelectAsync(noise, YamuxSession.ProtocolId, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await MultistreamSelect.ListenAsync(raw, p => p == NoiseHandshake.ProtocolId, timeout.Token).ConfigureAwait(false);
                noise = await NoiseHandshake.RespondAsync(raw, _key, timeout.Token).ConfigureAwait(false);
                await MultistreamSelect.ListenAsync(noise, p => p == YamuxSession.ProtocolId, timeout.Token).ConfigureAwait(false);
            }
            Libp2pConnection? connection = null;
            var session = new YamuxSession(noise, isClient: isDialer, _yamuxOptions,
                stream => _ = Task.Run(() => ServeStreamAsync(connection!, stream)));
            connection = new Libp2pConnection(raw, noise, session, isDialer, _options.MaxConcurrentParticleStreams);
            return (connection, null);
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or ProtocolNotSupportedException or IOException or OperationCanceledException
                                       or FormatException or System.Net.WebSockets.WebSocketException)
        {
            var reason = ex is OperationCanceledException ? $"no handshake within {_options.HandshakeTimeout}" : ex.Message;
            _logger.LogWarning("{Direction} connection {Address} closed during the handshake: {Reason}",
                isDialer ? "outbound" : "inbound", raw.RemoteAddress, reason);
            if (noise is not null)
                await noise.DisposeAsync().ConfigureAwait(false);
            await raw.DisposeAsync().ConfigureAwait(false);
            return (null, $"handshake failed: {reason}");
        }
        finally
        {
            Interlocked.Decrement(ref _upgrading);
        }
    }

    /// <summary>Admits a connection into the pool (within the limits), starts it, and identifies the peer; null when it is usable, else why not.</summary>
    private async Task<string?> AdoptAsync(Libp2pConnection connection)
    {
        var peer = connection.RemotePeer;
        string? refusal = null;
        lock (_gate)
        {
            if (!_connections.TryGetValue(peer, out var list))
                _connections[peer] = list = [];
            if (_connectionCount >= _options.MaxConnections)
                refusal = $"{_options.MaxConnections} connections (Libp2p:MaxConnections)";
            else if (list.Count >= _options.MaxConnectionsPerPeer)
                refusal = $"{list.Count} connections to this peer already (Libp2p:MaxConnectionsPerPeer)";
            else
            {
                list.Add(connection);
                _connectionCount++;
            }
            if (refusal is not null && list.Count == 0)
                _connections.Remove(peer);
        }
        if (refusal is not null)
        {
            _logger.LogWarning("closing connection {Connection}: {Reason}", connection, refusal);
            await connection.DisposeAsync().ConfigureAwait(false);
            return $"the connection was refused: {refusal}";
        }
        connection.Session.Start();
        _ = Task.Run(() => WatchAsync(connection));
        if (!await IdentifyAsync(connection).ConfigureAwait(false))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return "identify failed (see the log)";
        }
        bool first;
        lock (_gate)
        {
            first = !(_connections.TryGetValue(peer, out var list) && list.Any(IsUsable));
            connection.MarkIdentified(true);
        }
        _logger.LogInformation("connected to {Connection}", connection);
        if (first && !connection.IsClosed)
            RaiseConnectionChanged(peer, connected: true);
        return connection.IsClosed ? "the peer closed the connection right after identify" : null;
    }

    private static bool IsUsable(Libp2pConnection connection) =>
        !connection.IsClosed && connection.Identified.IsCompletedSuccessfully && connection.Identified.Result;

    private async Task WatchAsync(Libp2pConnection connection)
    {
        var error = await connection.Session.Completion.ConfigureAwait(false);
        bool wasIdentified = connection.Identified.IsCompletedSuccessfully && connection.Identified.Result;
        await connection.DisposeAsync().ConfigureAwait(false);
        bool last;
        lock (_gate)
        {
            last = false;
            if (_connections.TryGetValue(connection.RemotePeer, out var list) && list.Remove(connection))
            {
                _connectionCount--;
                last = !list.Any(IsUsable);
                if (list.Count == 0)
                    _connections.Remove(connection.RemotePeer);
            }
        }
        if (error is not null && !_stopping.IsCancellationRequested)
            _logger.LogWarning("connection {Connection} closed: {Reason}", connection, error.Message);
        else
            _logger.LogDebug("connection {Connection} closed", connection);
        if (wasIdentified && last)
            RaiseConnectionChanged(connection.RemotePeer, connected: false);
    }

    private void RaiseConnectionChanged(PeerId peer, bool connected)
    {
        try
        {
            ConnectionChanged?.Invoke(this, new PeerConnectionEvent(peer, connected));
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "a ConnectionChanged handler failed");
        }
    }

    private Libp2pConnection? FindConnection(PeerId peer)
    {
        lock (_gate)
            return _connections.TryGetValue(peer, out var list) ? list.FirstOrDefault(IsUsable) : null;
    }

    /// <summary>
    /// A connection to <paramref name="peer"/> still in identify, once identify passes; null if there is none or it fails.
    /// A peer that dialled us may send a particle before our identify of it finishes; the answer must wait for that
    /// connection (the peer may have no address to dial back), not fail as unreachable.
    /// </summary>
    private async Task<Libp2pConnection?> IdentifyingConnectionAsync(PeerId peer, CancellationToken cancellationToken)
    {
        Libp2pConnection[] identifying;
        lock (_gate)
        {
            if (!_connections.TryGetValue(peer, out var list))
                return null;
            identifying = list.Where(c => !c.IsClosed && !c.Identified.IsCompleted).ToArray();
        }
        foreach (var connection in identifying)
        {
            // Identify is bounded by the handshake timeout, and a closed connection completes it with false.
            if (await connection.Identified.WaitAsync(cancellationToken).ConfigureAwait(false) && !connection.IsClosed)
                return connection;
        }
        return FindConnection(peer);
    }

    // ---- identify -----------------------------------------------------------------------------------------------

    private IdentifyMessage LocalIdentify(Libp2pConnection connection) => new()
    {
        PublicKey = PublicKeyProto.Encode(LocalPeer),
        ListenAddresses = ListenAddresses,
        Protocols = [.. _served],
        ObservedAddress = connection.RemoteAddress.ToBytes(),
        ProtocolVersion = ProtocolIds.Particle,
        AgentVersion = _options.AgentVersion,
    };

    /// <summary>Asks the peer who it is; false (logged) when it fails or lacks the particle protocol.</summary>
    private async Task<bool> IdentifyAsync(Libp2pConnection connection)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.HandshakeTimeout);
            var stream = await connection.Session.OpenStreamAsync(timeout.Token).ConfigureAwait(false);
            await using var channel = new StreamChannel(stream);
            await MultistreamSelect.SelectAsync(channel, ProtocolIds.Identify, timeout.Token).ConfigureAwait(false);
            var bytes = await LengthPrefixed.ReadAsync(channel.Input, IdentifyMessage.MaxLength, timeout.Token).ConfigureAwait(false)
                ?? throw new Libp2pProtocolException("identify: the peer closed the stream without answering");
            return Accept(connection, DecodeIdentify(bytes));
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or ProtocolNotSupportedException or IOException or OperationCanceledException or FormatException)
        {
            if (!_stopping.IsCancellationRequested)
                _logger.LogWarning("closing connection {Connection}: identify failed: {Reason}", connection,
                    ex is OperationCanceledException ? $"no answer within {_options.HandshakeTimeout}" : ex.Message);
            return false;
        }
    }

    private static IdentifyMessage DecodeIdentify(byte[] bytes)
    {
        try
        {
            return IdentifyMessage.Decode(bytes);
        }
        catch (FormatException ex)
        {
            throw new Libp2pProtocolException($"identify: {ex.Message}", ex);
        }
    }

    /// <summary>Records what identify announced; false when the peer must be dropped.</summary>
    private bool Accept(Libp2pConnection connection, IdentifyMessage message)
    {
        message.Validate(connection.RemotePeer);
        connection.RemoteProtocols = message.Protocols;
        if (!message.Protocols.Contains(ProtocolIds.Particle))
        {
            _logger.LogWarning("closing connection {Connection}: the peer does not announce {Protocol} in identify", connection, ProtocolIds.Particle);
            return false;
        }
        var addresses = message.ListenAddresses.Where(a => TransportAddresses.KindOf(a) is not null).Select(a => a.WithoutPeerId()).Distinct().Take(KadMessage.MaxAddressesPerPeer).ToList();
        if (connection.IsDialer && !addresses.Contains(connection.RemoteAddress))
            addresses.Insert(0, connection.RemoteAddress);
        if (addresses.Count > 0)
            Remember(connection.RemotePeer, addresses);
        if (message.Protocols.Contains(_kademliaProtocol) && addresses.Count > 0)
            _routing.AddOrUpdate(connection.RemotePeer, addresses);
        return true;
    }

    private void Remember(PeerId peer, IReadOnlyList<Multiaddr> addresses)
    {
        if (peer == LocalPeer || addresses.Count == 0)
            return;
        if (_addressBook.Count >= MaxAddressBookEntries && !_addressBook.ContainsKey(peer))
            return;
        _addressBook[peer] = addresses;
    }

    private IReadOnlyList<Multiaddr>? KnownAddresses(PeerId peer) =>
        _addressBook.TryGetValue(peer, out var addresses) ? addresses : _routing.AddressesOf(peer);

    public Contact? GetContact(PeerId peer)
    {
        var addresses = KnownAddresses(peer);
        if (addresses is not null)
            return new Contact(peer, addresses);
        return IsConnected(peer) ? new Contact(peer, []) : null;
    }

    // ---- serving inbound streams --------------------------------------------------------------------------------

    private async Task ServeStreamAsync(Libp2pConnection connection, YamuxStream stream)
    {
        await using var channel = new StreamChannel(stream);
        string protocol = "";
        try
        {
            using (var negotiation = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                negotiation.CancelAfter(_options.HandshakeTimeout);
                protocol = await MultistreamSelect.ListenAsync(channel, _served.Contains, negotiation.Token).ConfigureAwait(false);
            }
            switch (protocol)
            {
                case ProtocolIds.Particle:
                    await ReceiveParticleAsync(connection, channel).ConfigureAwait(false);
                    break;
                case ProtocolIds.Identify:
                    LengthPrefixed.Write(channel.Output, LocalIdentify(connection).Encode());
                    await channel.CloseWriteAsync(_stopping.Token).ConfigureAwait(false);
                    await DrainAsync(channel).ConfigureAwait(false);
                    break;
                case ProtocolIds.IdentifyPush:
                    var pushed = await LengthPrefixed.ReadAsync(channel.Input, IdentifyMessage.MaxLength, _stopping.Token).ConfigureAwait(false);
                    if (pushed is not null && !Accept(connection, DecodeIdentify(pushed)))
                        await connection.DisposeAsync().ConfigureAwait(false);
                    break;
                case ProtocolIds.Ping:
                    await PingProtocol.ServeAsync(channel, _stopping.Token).ConfigureAwait(false);
                    break;
                default:
                    if (protocol == _kademliaProtocol)
                        await ServeKademliaAsync(channel).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or FormatException)
        {
            _logger.LogWarning("closing connection {Connection}: {Protocol} stream: {Reason}", connection, protocol.Length > 0 ? protocol : "multistream-select", ex.Message);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ProtocolNotSupportedException or ChannelClosedException)
        {
            _logger.LogDebug("{Protocol} stream from {Connection} ended: {Reason}", protocol, connection, ex.Message);
        }
    }

    private async Task ReceiveParticleAsync(Libp2pConnection connection, StreamChannel channel)
    {
        byte[]? frame;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            timeout.CancelAfter(_options.WriteTimeout);
            frame = await LengthPrefixed.ReadAsync(channel.Input, _options.MaxFrameSize, timeout.Token).ConfigureAwait(false);
        }
        if (frame is null)
            return;
        // Waits while the kernel is behind: the stream stays unread and Yamux flow control slows the sender.
        await _inbound.Writer.WriteAsync(new InboundFrame(connection.RemotePeer, frame), _stopping.Token).ConfigureAwait(false);
        await channel.CloseWriteAsync(_stopping.Token).ConfigureAwait(false);
    }

    private static async Task DrainAsync(StreamChannel channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var result = await channel.Input.ReadAsync(timeout.Token).ConfigureAwait(false);
            channel.Input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
                return;
        }
    }

    // ---- Kademlia -----------------------------------------------------------------------------------------------

    private async Task ServeKademliaAsync(StreamChannel channel)
    {
        while (true)
        {
            var request = await LengthPrefixed.ReadAsync(channel.Input, KadMessage.MaxLength, _stopping.Token).ConfigureAwait(false);
            if (request is null)
                return;
            var message = KadMessage.Decode(request);
            var closer = message.Type == KadMessageType.FindNode
                ? _routing.Closest(KademliaKey.FromBytes(message.Key), _options.KademliaBucketSize)
                : [];
            var reply = new KadMessage(message.Type, message.Key, closer);
            await LengthPrefixed.WriteAsync(channel.Output, reply.Encode(), _stopping.Token).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<KadPeer>> FindNodeAsync(KadPeer target, byte[] key, CancellationToken cancellationToken)
    {
        try
        {
            var connection = FindConnection(target.Id)
                ?? (await DialAsync(target.Id, target.Addresses.Count > 0 ? target.Addresses : null, cancellationToken).ConfigureAwait(false)).Connection;
            if (connection is null)
            {
                // Kademlia forgets peers that cannot be reached, so lookups stop wasting dials on them.
                _routing.Remove(target.Id);
                return [];
            }
            if (!connection.RemoteProtocols.Contains(_kademliaProtocol))
                return [];
            var stream = await connection.Session.OpenStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var channel = new StreamChannel(stream);
            await MultistreamSelect.SelectAsync(channel, _kademliaProtocol, cancellationToken).ConfigureAwait(false);
            await LengthPrefixed.WriteAsync(channel.Output, new KadMessage(KadMessageType.FindNode, key, []).Encode(), cancellationToken).ConfigureAwait(false);
            var reply = await LengthPrefixed.ReadAsync(channel.Input, KadMessage.MaxLength, cancellationToken).ConfigureAwait(false)
                ?? throw new Libp2pProtocolException("kademlia: the peer closed the stream without answering");
            return KadMessage.Decode(reply).CloserPeers;
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or ProtocolNotSupportedException or IOException or OperationCanceledException or FormatException)
        {
            _logger.LogDebug("FIND_NODE to {Peer} failed: {Reason}", target.Id, ex.Message);
            return [];
        }
    }

    /// <summary>
    /// Iterative FIND_NODE lookup: query the closest known peers (α at a time) for peers closer to the key, until a
    /// round brings nothing closer, <paramref name="found"/> says stop, or the query timeout passes.
    /// </summary>
    private async Task<IReadOnlyList<KadPeer>> LookupAsync(byte[] key, Func<IReadOnlyDictionary<PeerId, KadPeer>, bool>? found, CancellationToken cancellationToken)
    {
        var target = KademliaKey.FromBytes(key);
        var candidates = _routing.Closest(target, _options.KademliaBucketSize).ToDictionary(p => p.Id);
        var queried = new HashSet<PeerId> { LocalPeer };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_options.KademliaQueryTimeout);
        for (int round = 0; round < KademliaMaxRounds && !timeout.IsCancellationRequested; round++)
        {
            if (found?.Invoke(candidates) == true)
                break;
            var batch = candidates.Values.Where(p => !queried.Contains(p.Id))
                .OrderBy(p => KademliaKey.FromPeer(p.Id).DistanceTo(target)).Take(KademliaParallelism).ToList();
            if (batch.Count == 0)
                break;
            foreach (var peer in batch)
                queried.Add(peer.Id);
            var answers = await Task.WhenAll(batch.Select(p => FindNodeAsync(p, key, timeout.Token))).ConfigureAwait(false);
            foreach (var peer in answers.SelectMany(a => a))
            {
                if (peer.Id == LocalPeer)
                    continue;
                var addresses = peer.Addresses.Where(a => TransportAddresses.KindOf(a) is not null).ToList();
                if (addresses.Count > 0 && !_addressBook.ContainsKey(peer.Id))
                    Remember(peer.Id, addresses);
                if (!candidates.ContainsKey(peer.Id) && candidates.Count < 1024)
                    candidates[peer.Id] = peer with { Addresses = addresses };
            }
        }
        return candidates.Values.OrderBy(p => KademliaKey.FromPeer(p.Id).DistanceTo(target)).ToList();
    }

    private async Task<Libp2pConnection?> DiscoverAndDialAsync(PeerId peer, CancellationToken cancellationToken)
    {
        if (_routing.Count == 0)
            return null;
        var found = await LookupAsync(peer.Bytes.ToArray(), c => c.ContainsKey(peer), cancellationToken).ConfigureAwait(false);
        var target = found.FirstOrDefault(p => p.Id == peer);
        if (target is null || target.Addresses.Count == 0)
            return null;
        _logger.LogInformation("found {Peer} through Kademlia at {Addresses}", peer, string.Join(", ", target.Addresses));
        return (await DialAsync(peer, target.Addresses, cancellationToken).ConfigureAwait(false)).Connection;
    }

    public async ValueTask<IReadOnlyList<Contact>> GetNeighborhoodAsync(ReadOnlyMemory<byte> key, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
            return [];
        var peers = _routing.Count == 0 ? [] : await LookupAsync(key.ToArray(), null, cancellationToken).ConfigureAwait(false);
        return peers.Where(p => p.Id != LocalPeer).Take(count).Select(p => new Contact(p.Id, p.Addresses)).ToList();
    }

    /// <summary>Kademlia bootstrap: a lookup of our own id fills the buckets near us.</summary>
    internal Task BootstrapKademliaAsync(CancellationToken cancellationToken) =>
        LookupAsync(LocalPeer.Bytes.ToArray(), null, cancellationToken);

    // ---- bootstrap peers ----------------------------------------------------------------------------------------

    private async Task KeepBootstrapPeerAsync(Multiaddr address)
    {
        var peer = address.PeerId!;
        var delay = _options.BootstrapBackoff;
        int connects = 0;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (!IsConnected(peer))
                {
                    var dial = await DialAsync(peer, [address], _stopping.Token).ConfigureAwait(false);
                    if (dial.Connection is null)
                    {
                        _logger.LogInformation("bootstrap peer {Address} unreachable; retrying in {Delay} ({Reason})", address, delay, dial.Failure);
                        await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
                        delay = TimeSpan.FromTicks(Math.Min((delay + _options.BootstrapBackoff).Ticks, _options.BootstrapBackoffMax.Ticks));
                        continue;
                    }
                    delay = _options.BootstrapBackoff;
                    // As Nox: a Kademlia bootstrap after the first bootstrap connection and every third one after.
                    if (connects++ % 3 == 0)
                        _ = Task.Run(() => BootstrapKademliaAsync(_stopping.Token));
                }
                await Task.Delay(_options.BootstrapBackoff, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
