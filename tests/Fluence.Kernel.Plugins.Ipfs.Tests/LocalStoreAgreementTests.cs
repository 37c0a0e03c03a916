using Fluence.Kernel.Conformance;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.LocalStore;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

/// <summary>The same bytes added to the daemon and to the local store get the same CID, at every layout boundary.</summary>
[Collection(IpfsDaemonCollection.Name)]
public sealed class LocalStoreAgreementTests(IpfsDaemonFixture fixture) : IDisposable
{
    private const int Chunk = 256 * 1024;
    private readonly TempDirectory _data = new("local-store");
    private readonly KuboClient _daemon = new(fixture.Daemon.ApiMultiaddr);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(174 * Chunk)]      // a full node of 174 leaves
    [InlineData(174 * Chunk + 1)]  // the first file with two levels of nodes
    [InlineData(10 * 1024 * 1024)]
    public async Task The_local_store_and_the_daemon_give_the_same_bytes_the_same_CID(int size)
    {
        var local = new LocalContentStore(Options.Create(new LocalStoreOptions()), new Environment(_data.Path), NullLogger<LocalContentStore>.Instance);

        var fromDaemon = await _daemon.AddAsync(StorageConformance.TestContent.Open(size, seed: 99), pin: false, CancellationToken.None);
        var fromLocal = await local.AddAsync(StorageConformance.TestContent.Open(size, seed: 99), pin: false, CancellationToken.None);

        Assert.Equal(fromDaemon.Cid, fromLocal);
    }

    public void Dispose()
    {
        _daemon.Dispose();
        _data.Dispose();
    }

    private sealed class Environment(string dataDirectory) : IPeerEnvironment
    {
        public KeyPair HostKey { get; } = KeyPair.Generate();
        public string DataDirectory => dataDirectory;
        public TimeProvider Time => TimeProvider.System;
    }
}
