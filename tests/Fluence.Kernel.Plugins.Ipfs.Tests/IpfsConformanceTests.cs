using Fluence.Kernel.Conformance;
using Fluence.Kernel.Content;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

[Collection(IpfsDaemonCollection.Name)]
public sealed class IpfsConformanceTests : StorageConformance, IDisposable
{
    private readonly IpfsDaemon _daemon;
    private readonly IpfsContentStore _store;

    public IpfsConformanceTests(IpfsDaemonFixture fixture)
    {
        _daemon = fixture.Daemon;
        _store = new IpfsContentStore(Options.Create(new IpfsOptions { ApiAddress = _daemon.ApiMultiaddr }), NullLogger<IpfsContentStore>.Instance);
    }

    protected override IContentStore Store => _store;

    /// <summary>js-ipfs keeps a block in <c>blocks/&lt;next-to-last two chars&gt;/&lt;BASE32 multihash&gt;.data</c>.</summary>
    protected override Task CorruptBlockAsync(Cid block)
    {
        var key = Base32.Encode(block.Hash.Bytes).TrimEnd('=').ToUpperInvariant();
        var path = Path.Combine(_daemon.RepoPath, "blocks", key[^3..^1], key + ".data");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        return Task.CompletedTask;
    }

    public void Dispose() => _store.Dispose();
}
