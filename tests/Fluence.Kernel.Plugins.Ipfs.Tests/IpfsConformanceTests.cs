using Fluence.Kernel.Conformance;
using Fluence.Kernel.Content;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Storage.UnixFs;
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

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(174 * Chunk + 1)]
    public async Task A_file_added_with_the_default_CIDv0_is_read_and_verified(int size)
    {
        // Kubo's default add: no cid-version, so CIDv0 with UnixFS File leaves.
        using var http = new HttpClient { BaseAddress = _daemon.ApiUrl };
        var file = new StreamContent(TestContent.Open(size, seed: 61));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "file", "file" } };
        using var answer = await http.PostAsync("api/v0/add?pin=false", form);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, text);
        var hash = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("Hash").GetString()!;
        var cid = Cid.Parse(hash);
        Assert.Equal(0, cid.Version);

        Assert.Equal(cid, (await UnixFsFileHasher.ComputeAsync(TestContent.Open(size, seed: 61), UnixFsImportFormat.CidV0, CancellationToken.None)).Cid);
        await using var read = await Store.OpenReadAsync(cid, CancellationToken.None);
        Assert.Equal(TestContent.Sha256(size, seed: 61), await Sha256Async(read));
    }

    public void Dispose() => _store.Dispose();
}
