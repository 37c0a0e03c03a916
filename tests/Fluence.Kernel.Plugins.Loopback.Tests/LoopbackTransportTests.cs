using System.Diagnostics;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Loopback.Tests;

public sealed class LoopbackTransportTests : IAsyncLifetime
{
    private readonly List<LoopbackTransport> _transports = [];

    private async Task<LoopbackTransport> StartAsync(LoopbackOptions options, KeyPair? key = null)
    {
        var transport = new LoopbackTransport(Options.Create(options), new TestPeerEnvironment(key ?? KeyPair.Generate()), NullLogger<LoopbackTransport>.Instance);
        await transport.StartAsync(CancellationToken.None);
        _transports.Add(transport);
        return transport;
    }

    private static LoopbackOptions Network(string? name = null) => new() { Network = name ?? $"test-{Guid.NewGuid():N}" };

    [Fact]
    public async Task Peers_on_different_networks_cannot_reach_each_other()
    {
        var a = await StartAsync(Network());
        var b = await StartAsync(Network());

        await Assert.ThrowsAsync<PeerUnreachableException>(() => a.SendAsync(b.LocalPeer, new byte[] { 1 }, CancellationToken.None).AsTask());
        var outcome = await a.ConnectAsync(b.LocalPeer, [], CancellationToken.None);
        Assert.False(outcome.IsConnected);
        Assert.Contains($"no peer {b.LocalPeer} on the loopback network", outcome.Failure);
        Assert.Null(a.GetContact(b.LocalPeer));
    }

    [Fact]
    public async Task With_a_loss_rate_of_one_every_frame_is_lost_silently()
    {
        var options = Network();
        var a = await StartAsync(new LoopbackOptions { Network = options.Network, LossRate = 1.0 });
        var b = await StartAsync(options);

        for (int i = 0; i < 10; i++)
            await a.SendAsync(b.LocalPeer, new byte[] { 1 }, CancellationToken.None);

        Assert.False(b.Inbound.TryRead(out _));
        Assert.True(a.IsConnected(b.LocalPeer));
    }

    [Fact]
    public async Task A_seeded_loss_rate_loses_a_reproducible_share_of_frames()
    {
        async Task<int> DeliveredAsync()
        {
            var options = Network();
            var a = await StartAsync(new LoopbackOptions { Network = options.Network, LossRate = 0.5, LossSeed = 7, InboundCapacity = 1000 });
            var b = await StartAsync(options);
            for (int i = 0; i < 200; i++)
                await a.SendAsync(b.LocalPeer, new byte[] { 1 }, CancellationToken.None);
            int delivered = 0;
            while (b.Inbound.TryRead(out _))
                delivered++;
            return delivered;
        }

        int first = await DeliveredAsync();
        int second = await DeliveredAsync();

        Assert.Equal(first, second);
        Assert.InRange(first, 60, 140);
    }

    [Fact]
    public async Task A_frame_is_delivered_no_sooner_than_the_configured_latency()
    {
        var options = Network();
        var a = await StartAsync(new LoopbackOptions { Network = options.Network, Latency = TimeSpan.FromMilliseconds(100) });
        var b = await StartAsync(options);

        var clock = Stopwatch.StartNew();
        await a.SendAsync(b.LocalPeer, new byte[] { 1 }, CancellationToken.None);
        await b.Inbound.ReadAsync();

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(95), $"delivered after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_full_inbound_channel_makes_the_sender_wait_until_the_receiver_reads()
    {
        var options = Network();
        var a = await StartAsync(options);
        var b = await StartAsync(new LoopbackOptions { Network = options.Network, InboundCapacity = 1 });

        await a.SendAsync(b.LocalPeer, new byte[] { 1 }, CancellationToken.None);
        var second = a.SendAsync(b.LocalPeer, new byte[] { 2 }, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        Assert.Equal(1, (await b.Inbound.ReadAsync()).Frame.Span[0]);
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, (await b.Inbound.ReadAsync()).Frame.Span[0]);
    }

    [Fact]
    public async Task The_receiver_gets_a_copy_so_the_sender_may_reuse_its_buffer()
    {
        var options = Network();
        var a = await StartAsync(options);
        var b = await StartAsync(options);
        var buffer = new byte[] { 1, 2, 3 };

        await a.SendAsync(b.LocalPeer, buffer, CancellationToken.None);
        buffer[0] = 99;

        Assert.Equal(1, (await b.Inbound.ReadAsync()).Frame.Span[0]);
    }

    [Fact]
    public async Task Two_transports_with_one_key_cannot_join_one_network()
    {
        var options = Network();
        using var key = KeyPair.Generate();
        await StartAsync(options, key);

        await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(options, key));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var transport in _transports)
            await transport.DisposeAsync();
    }
}
