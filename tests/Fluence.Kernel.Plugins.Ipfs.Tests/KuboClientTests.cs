using Fluence.Kernel.Conformance;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Testing;
using Xunit;

namespace Fluence.Kernel.Plugins.Ipfs.Tests;

/// <summary>The client's commands against the real daemon.</summary>
[Collection(IpfsDaemonCollection.Name)]
public sealed class KuboClientTests(IpfsDaemonFixture fixture) : IDisposable
{
    private readonly KuboClient _client = new(fixture.Daemon.ApiMultiaddr);

    [Fact]
    public async Task Version_answers_the_daemon_version()
    {
        var version = await _client.VersionAsync(CancellationToken.None);
        Assert.Equal("0.18.1", version.Version); // js-ipfs 0.66.1 reports its ipfs-core version
    }

    [Fact]
    public async Task Id_answers_the_daemon_peer_id()
    {
        var id = await _client.IdAsync(CancellationToken.None);
        Assert.StartsWith("12D3KooW", id.Id);
        Assert.StartsWith("js-ipfs/", id.AgentVersion);
    }

    [Fact]
    public async Task The_API_is_reachable_by_URL_as_well_as_by_multiaddr()
    {
        using var byUrl = new KuboClient(fixture.Daemon.ApiUrl.ToString().TrimEnd('/') + "/api/v0");
        Assert.Equal("0.18.1", (await byUrl.VersionAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Add_answers_a_base32_CIDv1_with_raw_leaves()
    {
        var bytes = "hello fluence ipfs\n"u8.ToArray();
        var added = await _client.AddAsync(new MemoryStream(bytes), pin: false, CancellationToken.None);
        Assert.Equal(Cid.RawSha256(bytes), added.Cid); // one chunk: the raw block is the file
        Assert.StartsWith("bafkrei", added.Cid.ToString());
        Assert.Equal(bytes.Length, added.DagSize);
    }

    [Fact]
    public async Task Get_writes_the_file_behind_a_CID()
    {
        using var dir = new TempDirectory("kubo-get");
        var bytes = StorageConformance.TestContent.Bytes(300_000, seed: 21);
        var added = await _client.AddAsync(new MemoryStream(bytes), pin: false, CancellationToken.None);

        var target = dir.Combine("module.wasm");
        long length = await _client.GetAsync(added.Cid, target, CancellationToken.None);

        Assert.Equal(bytes.Length, length);
        Assert.Equal(bytes, File.ReadAllBytes(target));
    }

    [Fact]
    public async Task Block_stat_answers_the_size_of_a_block_and_null_for_an_absent_one()
    {
        var added = await _client.AddAsync(new MemoryStream(new byte[1234]), pin: false, CancellationToken.None);

        var stat = await _client.BlockStatAsync(added.Cid, CancellationToken.None);
        Assert.Equal(new KuboBlockStat(added.Cid, 1234), stat);
        Assert.Null(await _client.BlockStatAsync(Cid.RawSha256("absent"u8), CancellationToken.None));
    }

    [Fact]
    public async Task Pin_add_ls_and_rm_round_trip()
    {
        var added = await _client.AddAsync(new MemoryStream(StorageConformance.TestContent.Bytes(777, seed: 22)), pin: false, CancellationToken.None);
        Assert.DoesNotContain(added.Cid, await PinsAsync());

        await _client.PinAddAsync(added.Cid, CancellationToken.None);
        Assert.Contains(added.Cid, await PinsAsync());

        await _client.PinRmAsync(added.Cid, CancellationToken.None);
        Assert.DoesNotContain(added.Cid, await PinsAsync());
    }

    [Fact]
    public async Task A_daemon_error_surfaces_with_the_daemon_message()
    {
        var error = await Assert.ThrowsAsync<KuboApiException>(() =>
            _client.PinRmAsync(Cid.RawSha256("never pinned"u8), CancellationToken.None));

        Assert.Equal("pin/rm", error.Command);
        Assert.Contains("not pinned", error.Message);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_fails_clearly()
    {
        using var limited = new KuboClient(fixture.Daemon.ApiUrl, new IpfsOptions { MaxFileSize = 1000 });
        var error = await Assert.ThrowsAsync<ContentStoreException>(() =>
            limited.AddAsync(StorageConformance.TestContent.Open(300_000), pin: false, CancellationToken.None));
        Assert.Contains("Ipfs:MaxFileSize", error.Message);
    }

    public void Dispose() => _client.Dispose();

    private async Task<List<Cid>> PinsAsync()
    {
        var pins = new List<Cid>();
        await foreach (var cid in _client.PinLsAsync(CancellationToken.None))
            pins.Add(cid);
        return pins;
    }
}
