using Xunit;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

/// <summary>One daemon for the tests of <see cref="IpfsDaemonCollection"/>; started before the first, stopped after the last.</summary>
public sealed class IpfsDaemonFixture : IAsyncLifetime
{
    private IpfsDaemon? _daemon;

    public IpfsDaemon Daemon => _daemon ?? throw new InvalidOperationException("the daemon is not started");

    public async Task InitializeAsync() => _daemon = await IpfsDaemon.StartAsync();

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
            await _daemon.DisposeAsync();
    }
}

/// <summary>The test classes that share one daemon (starting js-ipfs takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class IpfsDaemonCollection : ICollectionFixture<IpfsDaemonFixture>
{
    public const string Name = "IPFS daemon";
}
