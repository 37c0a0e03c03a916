using System.Runtime.CompilerServices;
using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Storage.UnixFs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>
/// The storage slot on an IPFS node. Adds use <c>cid-version=1&amp;raw-leaves=true</c> so CIDs equal the local store's;
/// reads stream <c>cat</c> and rebuild the CID on the way, so content that does not match fails instead of being served
/// silently (verifiable: files added with the default 256 KiB chunks, as CIDv1 with raw leaves — how Fluence tooling
/// adds — or as CIDv0, Kubo's default).
/// </summary>
public sealed class IpfsContentStore : IContentStore, IPeerLifecycle, IDisposable
{
    private const int MaxNodeBlock = 2 * 1024 * 1024;

    private readonly KuboClient _client;
    private readonly ILogger<IpfsContentStore> _logger;
    private readonly TimeSpan _readTimeout;

    public IpfsContentStore(IOptions<IpfsOptions> options, ILogger<IpfsContentStore> logger)
    {
        _logger = logger;
        _readTimeout = options.Value.RequestTimeout;
        _client = new KuboClient(KuboApiAddress.Parse(options.Value.ApiAddress), options.Value, logger);
    }

    public KuboClient Client => _client;

    /// <summary>Checks the daemon answers; a peer configured for IPFS without one fails at start with the reason.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await _client.VersionAsync(cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("IPFS API at {Api}: version {Version}", _client.ApiBase, version.Version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<Cid> AddAsync(Stream content, bool pin, CancellationToken cancellationToken) =>
        (await _client.AddAsync(content, pin, cancellationToken).ConfigureAwait(false)).Cid;

    public async ValueTask<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (cid.Codec is not (MulticodecCode.Raw or MulticodecCode.DagPb) || cid.Hash.Code != MultihashCode.Sha2_256)
            throw new ContentStoreException($"{cid} cannot be verified: files are raw or dag-pb blocks hashed with sha2-256");
        if (!await HasAsync(cid, cancellationToken).ConfigureAwait(false))
            throw new ContentNotFoundException(cid);
        var (stream, response) = await _client.CatAsync(cid, cancellationToken).ConfigureAwait(false);
        return new CidVerifyingStream(stream, cid, response, _readTimeout);
    }

    public async ValueTask<bool> HasAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return await _client.BlockStatAsync(cid, cancellationToken).ConfigureAwait(false) is not null;
    }

    public async ValueTask PinAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        if (!await HasAsync(cid, cancellationToken).ConfigureAwait(false))
            throw new ContentNotFoundException(cid);
        await _client.PinAddAsync(cid, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask UnpinAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        await _client.PinRmAsync(cid, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<Cid> ListPinsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var cid in _client.PinLsAsync(cancellationToken).ConfigureAwait(false))
            yield return cid;
    }

    /// <summary>Size from the root's UnixFS data; blocks by walking the inner nodes (<c>block/get</c>), never the leaves.</summary>
    public async ValueTask<ContentStat> StatAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var stat = await _client.BlockStatAsync(cid, cancellationToken).ConfigureAwait(false) ?? throw new ContentNotFoundException(cid);
        if (cid.Codec == MulticodecCode.Raw)
            return new ContentStat(cid, stat.Size, 1);
        var (size, blocks) = await MeasureAsync(cid, cid, 0, cancellationToken).ConfigureAwait(false);
        return new ContentStat(cid, size, blocks);
    }

    public void Dispose() => _client.Dispose();

    private async Task<(long Size, long Blocks)> MeasureAsync(Cid cid, Cid file, int depth, CancellationToken cancellationToken)
    {
        if (depth > 64)
            throw new ContentCorruptedException(file, "the DAG is deeper than 64 levels");
        if (cid.Codec == MulticodecCode.Raw)
        {
            var leaf = await _client.BlockStatAsync(cid, cancellationToken).ConfigureAwait(false)
                ?? throw new ContentCorruptedException(file, $"block {cid} is missing");
            return (leaf.Size, 1);
        }
        if (cid.Codec != MulticodecCode.DagPb || cid.Hash.Code != MultihashCode.Sha2_256)
            throw new ContentStoreException($"{cid}: files are raw or dag-pb blocks hashed with sha2-256");
        var bytes = await _client.BlockGetAsync(cid, MaxNodeBlock, cancellationToken).ConfigureAwait(false);
        if (!Multihash.Sha256(bytes).Equals(cid.Hash))
            throw new ContentCorruptedException(file, $"block {cid} does not match its hash");
        DagPbNode node;
        UnixFsData data;
        try
        {
            node = DagPbNode.Decode(bytes);
            data = UnixFsData.Decode((node.Data ?? throw new FormatException("the node has no UnixFS data")).Span);
        }
        catch (FormatException ex)
        {
            throw new ContentCorruptedException(file, $"block {cid} is not a UnixFS file node: {ex.Message}");
        }
        long size = data.Data?.Length ?? 0, blocks = 1;
        foreach (var link in node.Links)
        {
            if (link.Cid.Codec == MulticodecCode.Raw)
            {
                size += (long)link.TotalSize;
                blocks++;
                continue;
            }
            var (childSize, childBlocks) = await MeasureAsync(link.Cid, file, depth + 1, cancellationToken).ConfigureAwait(false);
            size += childSize;
            blocks += childBlocks;
        }
        return (size, blocks);
    }
}
