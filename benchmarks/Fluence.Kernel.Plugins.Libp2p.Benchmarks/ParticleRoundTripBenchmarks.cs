using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Libp2p.Benchmarks;

/// <summary>A 2 KiB particle frame to a peer and back through two full transports (a fresh stream each way).</summary>
public class ParticleRoundTripBenchmarks
{
    private sealed class Environment(KeyPair key) : IPeerEnvironment
    {
        public KeyPair HostKey { get; } = key;
        public string DataDirectory => Path.GetTempPath();
        public TimeProvider Time => TimeProvider.System;
    }

    private Libp2pTransport _a = null!;
    private Libp2pTransport _b = null!;
    private readonly byte[] _frame = new byte[2048];
    private CancellationTokenSource _stop = null!;

    private static Libp2pTransport Start() =>
        new(new Environment(KeyPair.Generate()), Options.Create(new Libp2pOptions { ListenAddresses = ["/ip4/127.0.0.1/tcp/0"] }), NullLogger<Libp2pTransport>.Instance);

    [GlobalSetup]
    public void Setup()
    {
        _a = Start();
        _b = Start();
        _a.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _b.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        var connection = _a.ConnectAsync(_b.LocalPeer, _b.ListenAddresses, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (!connection.IsConnected)
            throw new InvalidOperationException($"peers did not connect: {connection.Failure}");
        _stop = new CancellationTokenSource();
        // b echoes every frame back to its sender
        _ = Task.Run(async () =>
        {
            await foreach (var frame in _b.Inbound.ReadAllAsync(_stop.Token))
                await _b.SendAsync(frame.From, frame.Frame, _stop.Token);
        });
    }

    [Benchmark(Description = "particle frame round trip, 2 KiB (two transports, loopback TCP)")]
    public async Task RoundTrip()
    {
        await _a.SendAsync(_b.LocalPeer, _frame, CancellationToken.None);
        await _a.Inbound.ReadAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _a.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _b.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
    }
}
