using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Yamux;

namespace Fluence.Kernel.Plugins.Libp2p.Benchmarks;

/// <summary>
/// One Yamux stream over Noise over loopback TCP: each operation moves <see cref="MegabytesPerOperation"/> MiB from
/// client to server (MB/s = that / mean time), and the cost of a full connection upgrade (handshakes/s = 1 / mean).
/// </summary>
public class YamuxNoiseBenchmarks
{
    public const int MegabytesPerOperation = 64;
    private const int Chunk = 64 * 1024;

    private TcpListener _listener = null!;
    private LoopbackPair _pair = null!;
    private YamuxStream _stream = null!;
    private readonly SemaphoreSlim _received = new(0);
    private readonly byte[] _chunk = new byte[Chunk];
    private readonly KeyPair _clientKey = KeyPair.Generate();
    private readonly KeyPair _serverKey = KeyPair.Generate();

    [GlobalSetup]
    public void Setup()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _pair = LoopbackPair.ConnectAsync(_listener, _clientKey, _serverKey, stream => _ = Task.Run(() => SinkAsync(stream))).GetAwaiter().GetResult();
        _stream = _pair.Client.OpenStreamAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private async Task SinkAsync(YamuxStream stream)
    {
        var buffer = new byte[Chunk];
        long total = 0;
        const long perOperation = MegabytesPerOperation * 1024L * 1024L;
        while (true)
        {
            int n = await stream.ReadAsync(buffer);
            if (n == 0)
                return;
            total += n;
            while (total >= perOperation)
            {
                total -= perOperation;
                _received.Release();
            }
        }
    }

    [Benchmark(Description = "yamux stream over noise, 64 MiB (loopback TCP)")]
    public async Task StreamThroughput()
    {
        for (int sent = 0; sent < MegabytesPerOperation * 1024 * 1024; sent += Chunk)
            await _stream.WriteAsync(_chunk);
        await _received.WaitAsync();
    }

    [Benchmark(Description = "connection upgrade: tcp + multistream + noise XX + yamux")]
    public async Task Handshake()
    {
        await using var pair = await LoopbackPair.ConnectAsync(_listener, _clientKey, _serverKey, _ => { });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pair.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _listener.Stop();
    }
}
