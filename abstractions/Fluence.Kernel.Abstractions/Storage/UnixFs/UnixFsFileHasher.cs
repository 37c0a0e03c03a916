using System.Buffers;
using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>
/// Computes the CID <c>ipfs add --cid-version 1 --raw-leaves</c> gives a file, from its bytes in pieces of any size,
/// keeping one chunk in memory. Used to verify content that arrives as a stream (a daemon's <c>cat</c>, a download).
/// </summary>
public sealed class UnixFsFileHasher : IDisposable
{
    private readonly UnixFsFileBuilder _builder;
    private byte[]? _chunk = ArrayPool<byte>.Shared.Rent(UnixFsFileBuilder.ChunkSize);
    private int _filled;

    public UnixFsFileHasher(UnixFsImportFormat format = UnixFsImportFormat.CidV1RawLeaves) => _builder = new UnixFsFileBuilder(format);

    /// <summary>A hasher in the format <paramref name="cid"/> implies: v0 → <see cref="UnixFsImportFormat.CidV0"/>, else raw leaves.</summary>
    public static UnixFsFileHasher For(Cid cid) =>
        new(cid.Version == 0 ? UnixFsImportFormat.CidV0 : UnixFsImportFormat.CidV1RawLeaves);

    public long Size => _builder.Size + _filled;

    public void Append(ReadOnlySpan<byte> data)
    {
        var chunk = _chunk ?? throw new InvalidOperationException("the hasher is complete");
        while (!data.IsEmpty)
        {
            int n = Math.Min(data.Length, UnixFsFileBuilder.ChunkSize - _filled);
            data[..n].CopyTo(chunk.AsSpan(_filled));
            _filled += n;
            data = data[n..];
            if (_filled == UnixFsFileBuilder.ChunkSize)
                Flush(chunk);
        }
    }

    /// <summary>The file's CID, size and block count.</summary>
    public ContentStat Complete()
    {
        if (_chunk is { } chunk)
        {
            if (_filled > 0)
                Flush(chunk);
            ArrayPool<byte>.Shared.Return(chunk);
            _chunk = null;
        }
        return _builder.Complete();
    }

    public static ContentStat Compute(ReadOnlySpan<byte> content)
    {
        using var hasher = new UnixFsFileHasher();
        hasher.Append(content);
        return hasher.Complete();
    }

    public static ValueTask<ContentStat> ComputeAsync(Stream content, CancellationToken cancellationToken) =>
        ComputeAsync(content, UnixFsImportFormat.CidV1RawLeaves, cancellationToken);

    public static async ValueTask<ContentStat> ComputeAsync(Stream content, UnixFsImportFormat format, CancellationToken cancellationToken)
    {
        using var hasher = new UnixFsFileHasher(format);
        var buffer = ArrayPool<byte>.Shared.Rent(UnixFsFileBuilder.ChunkSize);
        try
        {
            int n;
            while ((n = await content.ReadAsync(buffer.AsMemory(0, UnixFsFileBuilder.ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
                hasher.Append(buffer.AsSpan(0, n));
            return hasher.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (_chunk is { } chunk)
        {
            _chunk = null;
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private void Flush(byte[] chunk)
    {
        _builder.AddLeaf(chunk.AsSpan(0, _filled));
        _builder.TakeCompletedNodes();
        _filled = 0;
    }
}
