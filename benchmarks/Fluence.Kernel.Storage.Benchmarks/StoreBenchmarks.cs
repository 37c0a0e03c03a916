using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Ipfs;
using Fluence.Kernel.Plugins.Ipfs.Tests;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Storage.Benchmarks;

/// <summary>
/// Add and read through the local store and through the js-ipfs daemon (Kubo client), each add of new bytes.
/// Monitoring strategy: every iteration is one add or one full read, the way a module upload or fetch happens.
/// </summary>
[Config(typeof(InProcessConfig.Monitoring))]
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private TempDirectory _data = null!;
    private IpfsDaemon _daemon = null!;
    private LocalContentStore _local = null!;
    private IpfsContentStore _ipfs = null!;
    private BenchmarkContent _content = null!;
    private Cid _localCid = null!;
    private Cid _ipfsCid = null!;

    [Params(1024 * 1024, 100 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _data = new TempDirectory("storage-bench");
        _daemon = await IpfsDaemon.StartAsync();
        _local = new LocalContentStore(Options.Create(new LocalStoreOptions()), new Environment(_data.Path), NullLogger<LocalContentStore>.Instance);
        await _local.StartAsync(CancellationToken.None);
        _ipfs = new IpfsContentStore(Options.Create(new IpfsOptions { ApiAddress = _daemon.ApiMultiaddr }), NullLogger<IpfsContentStore>.Instance);
        _content = new BenchmarkContent(Size);
        _localCid = await _local.AddAsync(_content.Fresh(), pin: false, CancellationToken.None);
        _ipfsCid = await _ipfs.AddAsync(_content.Fresh(), pin: false, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _ipfs.Dispose();
        await _daemon.DisposeAsync();
        _data.Dispose();
    }

    [Benchmark(Description = "add, local store")]
    public async Task<Cid> AddLocal() => await _local.AddAsync(_content.Fresh(), pin: true, CancellationToken.None);

    [Benchmark(Description = "add, js-ipfs daemon")]
    public async Task<Cid> AddDaemon() => await _ipfs.AddAsync(_content.Fresh(), pin: true, CancellationToken.None);

    [Benchmark(Description = "read, local store")]
    public async Task ReadLocal()
    {
        await using var read = await _local.OpenReadAsync(_localCid, CancellationToken.None);
        await read.CopyToAsync(Stream.Null);
    }

    [Benchmark(Description = "read, js-ipfs daemon")]
    public async Task ReadDaemon()
    {
        await using var read = await _ipfs.OpenReadAsync(_ipfsCid, CancellationToken.None);
        await read.CopyToAsync(Stream.Null);
    }

    private sealed class Environment(string dataDirectory) : IPeerEnvironment
    {
        public KeyPair HostKey { get; } = KeyPair.Generate();
        public string DataDirectory => dataDirectory;
        public TimeProvider Time => TimeProvider.System;
    }
}
