using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;
using Xunit;

namespace Fluence.Kernel.Conformance;

/// <summary>
/// What every <see cref="ITransport"/> must do. A test class in the implementation's test project inherits this and
/// says how to start a transport for a peer key such that transports started by the same test can reach each
/// other (a shared in-process network, or listening on 127.0.0.1 and being introduced by address).
/// </summary>
public abstract class TransportConformance : IAsyncLifetime
{
    private readonly List<(KeyPair Key, ITransport Transport)> _started = [];

    /// <summary>Starts a transport whose local identity is <paramref name="key"/>.</summary>
    protected abstract Task<ITransport> StartTransportAsync(KeyPair key, CancellationToken cancellationToken);

    protected abstract Task StopTransportAsync(ITransport transport);

    /// <summary>Makes <paramref name="to"/> known to <paramref name="from"/> (libp2p: its listen addresses); default: connect.</summary>
    protected virtual async Task IntroduceAsync(ITransport from, PeerId to, ITransport toTransport) =>
        await from.ConnectAsync(to, toTransport.ListenAddresses, CancellationToken.None);

    protected static TimeSpan Patience { get; } = TimeSpan.FromSeconds(10);

    private async Task<(KeyPair Key, ITransport Transport)> PeerAsync()
    {
        var key = KeyPair.Generate();
        var transport = await StartTransportAsync(key, CancellationToken.None);
        _started.Add((key, transport));
        return (key, transport);
    }

    private async Task<((KeyPair Key, ITransport Transport) A, (KeyPair Key, ITransport Transport) B)> PairAsync()
    {
        var a = await PeerAsync();
        var b = await PeerAsync();
        await IntroduceAsync(a.Transport, b.Key.PeerId, b.Transport);
        return (a, b);
    }

    private static async Task<InboundFrame> ReceiveAsync(ITransport transport)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await transport.Inbound.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task A_sent_frame_arrives_unchanged_and_names_its_sender()
    {
        var (a, b) = await PairAsync();
        byte[] frame = [0x81, 0x04, 1, 2, 3, 250];

        await a.Transport.SendAsync(b.Key.PeerId, frame, CancellationToken.None);
        var received = await ReceiveAsync(b.Transport);

        Assert.Equal(a.Key.PeerId, received.From);
        Assert.Equal(frame, received.Frame.ToArray());
    }

    [Fact]
    public async Task A_frame_of_a_mebibyte_arrives_intact()
    {
        var (a, b) = await PairAsync();
        var frame = RandomNumberGenerator.GetBytes(1024 * 1024);

        await a.Transport.SendAsync(b.Key.PeerId, frame, CancellationToken.None);
        var received = await ReceiveAsync(b.Transport);

        Assert.True(received.Frame.Span.SequenceEqual(frame));
    }

    [Fact]
    public async Task Many_frames_sent_concurrently_all_arrive()
    {
        var (a, b) = await PairAsync();
        var frames = Enumerable.Range(0, 50).Select(i => new byte[] { 0x81, 0x04, (byte)i }).ToArray();

        var sending = Task.WhenAll(frames.Select(f => a.Transport.SendAsync(b.Key.PeerId, f, CancellationToken.None).AsTask()));
        var seen = new List<byte>();
        for (int i = 0; i < frames.Length; i++)
            seen.Add((await ReceiveAsync(b.Transport)).Frame.Span[2]);
        await sending;

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i), seen.Order());
    }

    [Fact]
    public async Task The_receiver_can_answer_the_sender_over_the_same_connection()
    {
        var (a, b) = await PairAsync();

        await a.Transport.SendAsync(b.Key.PeerId, new byte[] { 0x81, 0x04, 1 }, CancellationToken.None);
        var request = await ReceiveAsync(b.Transport);
        await b.Transport.SendAsync(request.From, new byte[] { 0x81, 0x04, 2 }, CancellationToken.None);
        var answer = await ReceiveAsync(a.Transport);

        Assert.Equal(b.Key.PeerId, answer.From);
        Assert.Equal(2, answer.Frame.Span[2]);
    }

    [Fact]
    public async Task Sending_to_a_peer_nobody_knows_throws_peer_unreachable()
    {
        var a = await PeerAsync();
        using var stranger = KeyPair.Generate();

        var error = await Assert.ThrowsAsync<PeerUnreachableException>(() =>
            a.Transport.SendAsync(stranger.PeerId, new byte[] { 0x81, 0x04 }, CancellationToken.None).AsTask());
        Assert.Equal(stranger.PeerId, error.Peer);
    }

    [Fact]
    public async Task Connecting_to_a_peer_nobody_knows_fails_and_says_why()
    {
        var a = await PeerAsync();
        using var stranger = KeyPair.Generate();

        var outcome = await a.Transport.ConnectAsync(stranger.PeerId, [], CancellationToken.None);

        Assert.False(outcome.IsConnected);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Failure), "a failed connection names its reason");
        Assert.False(a.Transport.IsConnected(stranger.PeerId));
    }

    [Fact]
    public async Task Connected_peers_see_each_other_and_raise_connection_events()
    {
        var a = await PeerAsync();
        var b = await PeerAsync();
        var events = new ConcurrentQueue<PeerConnectionEvent>();
        b.Transport.ConnectionChanged += (_, e) => events.Enqueue(e);

        await IntroduceAsync(a.Transport, b.Key.PeerId, b.Transport);
        await a.Transport.SendAsync(b.Key.PeerId, new byte[] { 0x81, 0x04 }, CancellationToken.None);
        await ReceiveAsync(b.Transport);

        Assert.True(a.Transport.IsConnected(b.Key.PeerId));
        Assert.Contains(b.Key.PeerId, a.Transport.ConnectedPeers);
        await WaitUntilAsync(() => b.Transport.IsConnected(a.Key.PeerId));
        Assert.Contains(events, e => e.Peer == a.Key.PeerId && e.Connected);
    }

    [Fact]
    public async Task A_stopped_peer_becomes_disconnected_and_unreachable()
    {
        var (a, b) = await PairAsync();
        await a.Transport.SendAsync(b.Key.PeerId, new byte[] { 0x81, 0x04 }, CancellationToken.None);
        await ReceiveAsync(b.Transport);
        var events = new ConcurrentQueue<PeerConnectionEvent>();
        a.Transport.ConnectionChanged += (_, e) => events.Enqueue(e);

        await StopTransportAsync(b.Transport);
        _started.RemoveAll(p => ReferenceEquals(p.Transport, b.Transport));

        await WaitUntilAsync(() => !a.Transport.IsConnected(b.Key.PeerId));
        // The event follows the connection's removal and may be raised on another thread a moment later.
        await WaitUntilAsync(() => events.Any(e => e.Peer == b.Key.PeerId && !e.Connected));
        await Assert.ThrowsAsync<PeerUnreachableException>(() =>
            a.Transport.SendAsync(b.Key.PeerId, new byte[] { 0x81, 0x04 }, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task The_contact_of_a_known_peer_names_it()
    {
        var (a, b) = await PairAsync();

        var contact = a.Transport.GetContact(b.Key.PeerId);

        Assert.NotNull(contact);
        Assert.Equal(b.Key.PeerId, contact.PeerId);
    }

    [Fact]
    public async Task The_neighborhood_holds_known_peers_but_not_the_peer_itself_and_respects_the_count()
    {
        var a = await PeerAsync();
        var others = new List<PeerId>();
        for (int i = 0; i < 3; i++)
        {
            var other = await PeerAsync();
            await IntroduceAsync(a.Transport, other.Key.PeerId, other.Transport);
            others.Add(other.Key.PeerId);
        }
        byte[] key = [0x12, 0x20, .. SHA256.HashData("some key"u8)];

        var all = await a.Transport.GetNeighborhoodAsync(key, 20, CancellationToken.None);
        var two = await a.Transport.GetNeighborhoodAsync(key, 2, CancellationToken.None);

        Assert.DoesNotContain(all, c => c.PeerId == a.Key.PeerId);
        Assert.All(others, o => Assert.Contains(all, c => c.PeerId == o));
        Assert.Equal(2, two.Count);
    }

    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not reached in time");
            await Task.Delay(10);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (key, transport) in _started)
        {
            await StopTransportAsync(transport);
            key.Dispose();
        }
    }
}
