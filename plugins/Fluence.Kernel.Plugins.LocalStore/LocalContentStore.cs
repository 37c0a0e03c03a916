using System.Buffers;
using System.Runtime.CompilerServices;
using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Storage.UnixFs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.LocalStore;

/// <summary>
/// The storage slot on the local disk. An add streams its input chunk by chunk: each block is hashed, written to a
/// staging folder of its own and only when the whole DAG is built moved into <c>blocks/</c>, leaves first and the root
/// last — so a failed or interrupted add leaves no block visible, and a visible root always has all its blocks.
/// </summary>
public sealed class LocalContentStore : IContentStore, IPeerLifecycle
{
    private readonly LocalStoreOptions _options;
    private readonly ILogger<LocalContentStore> _logger;
    private readonly BlockFiles _files;
    private readonly Lazy<bool> _initialized;

    public LocalContentStore(IOptions<LocalStoreOptions> options, IPeerEnvironment environment, ILogger<LocalContentStore> logger)
    {
        _options = options.Value;
        _logger = logger;
        _files = new BlockFiles(Path.GetFullPath(_options.Directory ?? Path.Combine(environment.DataDirectory, "local-store")));
        _initialized = new Lazy<bool>(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The folder holding <c>blocks/</c>, <c>pins/</c> and <c>staging/</c>.</summary>
    public string Directory => _files.Root;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = _initialized.Value;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<Cid> AddAsync(Stream content, bool pin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        EnsureInitialized();
        var staging = Path.Combine(_files.StagingDirectory, Guid.NewGuid().ToString("N"));
        var staged = new List<(Cid Cid, string Path)>();
        var builder = new UnixFsFileBuilder();
        // Two chunk buffers: while one chunk's block is written (on the thread pool), the next is read and hashed.
        byte[][] chunks = [ArrayPool<byte>.Shared.Rent(UnixFsFileBuilder.ChunkSize), ArrayPool<byte>.Shared.Rent(UnixFsFileBuilder.ChunkSize)];
        int current = 0;
        Task pendingWrite = Task.CompletedTask;
        bool readingInput = false; // the caller's stream failing is its own error, not the store's
        try
        {
            CreateDirectory(staging);
            while (true)
            {
                var chunk = chunks[current];
                readingInput = true;
                int n = await content.ReadAtLeastAsync(chunk.AsMemory(0, UnixFsFileBuilder.ChunkSize), UnixFsFileBuilder.ChunkSize,
                    throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                readingInput = false;
                if (n == 0 && builder.Size > 0)
                    break;
                if (builder.Size + n > _options.MaxFileSize)
                    throw new ContentStoreException($"the file is larger than the store's limit of {_options.MaxFileSize} bytes (LocalStore:MaxFileSize)");
                var leaf = builder.AddLeaf(chunk.AsSpan(0, n));
                await pendingWrite.ConfigureAwait(false);
                pendingWrite = StageAsync(staging, leaf, chunk.AsMemory(0, n), staged, cancellationToken).AsTask();
                foreach (var node in builder.TakeCompletedNodes())
                    await StageAsync(staging, node.Cid, node.Bytes, staged, cancellationToken).ConfigureAwait(false);
                current ^= 1;
                if (n < UnixFsFileBuilder.ChunkSize)
                    break;
            }
            await pendingWrite.ConfigureAwait(false);
            var stat = builder.Complete();
            foreach (var node in builder.TakeCompletedNodes())
                await StageAsync(staging, node.Cid, node.Bytes, staged, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            Publish(staged);
            if (pin)
                await PinAsync(stat.Cid, cancellationToken).ConfigureAwait(false);
            _logger.LogDebug("added {Cid}: {Size} bytes in {Blocks} blocks", stat.Cid, stat.Size, stat.BlockCount);
            return stat.Cid;
        }
        catch (Exception ex) when (!readingInput && ex is IOException or UnauthorizedAccessException)
        {
            throw WriteFailure(ex);
        }
        finally
        {
            // A write still in flight owns a buffer and a file in staging: let it end before both go.
            try
            {
                await pendingWrite.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Already reported, or superseded by the exception that got us here.
            }
            ArrayPool<byte>.Shared.Return(chunks[0]);
            ArrayPool<byte>.Shared.Return(chunks[1]);
            TryDeleteDirectory(staging);
        }
    }

    public ValueTask<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        EnsureInitialized();
        if (!_files.Exists(cid))
            throw new ContentNotFoundException(cid);
        return ValueTask.FromResult<Stream>(new VerifiedFileStream(_files, cid));
    }

    public ValueTask<bool> HasAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        EnsureInitialized();
        return ValueTask.FromResult(_files.Exists(cid));
    }

    public ValueTask PinAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        EnsureInitialized();
        if (!_files.Exists(cid))
            throw new ContentNotFoundException(cid);
        var path = _files.PinPath(cid);
        if (File.Exists(path))
            return ValueTask.CompletedTask;
        var temp = Path.Combine(_files.StagingDirectory, $"pin-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(temp, []);
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException ex)
        {
            TryDeleteFile(temp);
            throw WriteFailure(ex);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask UnpinAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        EnsureInitialized();
        var path = _files.PinPath(cid);
        if (!File.Exists(path))
            throw new ContentStoreException($"{cid} is not pinned");
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            throw WriteFailure(ex);
        }
        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<Cid> ListPinsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureInitialized();
        foreach (var path in System.IO.Directory.EnumerateFiles(_files.PinsDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Cid.TryParse(Path.GetFileName(path), out var cid))
                yield return cid;
            else
                _logger.LogWarning("ignoring {Path}: its name is not a CID", path);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async ValueTask<ContentStat> StatAsync(Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cid);
        EnsureInitialized();
        if (!_files.Exists(cid))
            throw new ContentNotFoundException(cid);
        var buffer = ArrayPool<byte>.Shared.Rent(BlockFiles.MaxBlockSize);
        try
        {
            var (size, blocks) = await MeasureAsync(cid, cid, buffer, depth: 0, cancellationToken).ConfigureAwait(false);
            return new ContentStat(cid, size, blocks);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Size and block count from the inner nodes only: a raw leaf's size is its link's, so leaves are never read.
    private async ValueTask<(long Size, long Blocks)> MeasureAsync(Cid cid, Cid file, byte[] buffer, int depth, CancellationToken cancellationToken)
    {
        if (depth > 64)
            throw new ContentCorruptedException(file, "the DAG is deeper than 64 levels");
        int length = await _files.ReadVerifiedAsync(cid, file, buffer, cancellationToken).ConfigureAwait(false);
        if (cid.Codec == MulticodecCode.Raw)
            return (length, 1);
        if (cid.Codec != MulticodecCode.DagPb)
            throw new ContentStoreException($"{cid} has codec {cid.Codec}; files are raw or dag-pb");
        DagPbNode node;
        UnixFsData data;
        try
        {
            node = DagPbNode.Decode(buffer.AsSpan(0, length));
            data = UnixFsData.Decode((node.Data ?? throw new FormatException("the node has no UnixFS data")).Span);
        }
        catch (FormatException ex)
        {
            throw new ContentCorruptedException(file, $"block {cid} is not a UnixFS file node: {ex.Message}");
        }
        long size = data.Data?.Length ?? 0, blocks = 1;
        for (int i = 0; i < node.Links.Count; i++)
        {
            var link = node.Links[i];
            if (link.Cid.Codec == MulticodecCode.Raw && _files.Exists(link.Cid))
            {
                size += (long)link.TotalSize;
                blocks++;
                continue;
            }
            var (childSize, childBlocks) = await MeasureAsync(link.Cid, file, buffer, depth + 1, cancellationToken).ConfigureAwait(false);
            size += childSize;
            blocks += childBlocks;
        }
        return (size, blocks);
    }

    // The entry is listed before the write starts, so the list keeps the staging order (children before parents)
    // while a leaf's write runs concurrently with the next chunk.
    private async ValueTask StageAsync(string staging, Cid cid, ReadOnlyMemory<byte> bytes, List<(Cid, string)> staged, CancellationToken cancellationToken)
    {
        if (_files.Exists(cid))
            return; // content-addressed: the same bytes are there already
        var path = Path.Combine(staging, staged.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        staged.Add((cid, path));
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous);
        await RandomAccess.WriteAsync(handle, bytes, 0, cancellationToken).ConfigureAwait(false);
        if (_options.SyncWrites)
            RandomAccess.FlushToDisk(handle);
    }

    // Renames are atomic: a block is either absent or whole. Children were staged before their parents, so moving in
    // order keeps every visible node's children visible.
    private void Publish(List<(Cid Cid, string Path)> staged)
    {
        foreach (var (cid, path) in staged)
        {
            var target = _files.BlockPath(cid);
            CreateDirectory(Path.GetDirectoryName(target)!);
            try
            {
                File.Move(path, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                // A concurrent add of the same content won the race; its block has the same bytes.
            }
        }
    }

    private bool Initialize()
    {
        try
        {
            CreateDirectory(_files.BlocksDirectory);
            CreateDirectory(_files.PinsDirectory);
            if (System.IO.Directory.Exists(_files.StagingDirectory))
            {
                foreach (var leftover in System.IO.Directory.EnumerateFileSystemEntries(_files.StagingDirectory))
                {
                    _logger.LogInformation("removing {Path}, left by an add that did not finish", leftover);
                    if (System.IO.Directory.Exists(leftover))
                        TryDeleteDirectory(leftover);
                    else
                        TryDeleteFile(leftover);
                }
            }
            CreateDirectory(_files.StagingDirectory);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ContentStoreException($"cannot prepare the local store in {_files.Root}: {ex.Message}", ex);
        }
    }

    private void EnsureInitialized() => _ = _initialized.Value;

    private ContentStoreException WriteFailure(Exception ex) =>
        IsDiskFull(ex)
            ? new ContentStoreException($"the disk holding {_files.Root} is full; nothing of this write was kept", ex)
            : new ContentStoreException($"cannot write to the local store in {_files.Root}: {ex.Message}", ex);

    // ENOSPC (28) on Unix, ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on Windows.
    private static bool IsDiskFull(Exception ex) => (ex.HResult & 0xFFFF) is 28 or 39 or 112;

    private static void CreateDirectory(string path) => System.IO.Directory.CreateDirectory(path);

    private void TryDeleteDirectory(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
                System.IO.Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "cannot remove {Path}; it is removed at the next start", path);
        }
    }

    private void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "cannot remove {Path}", path);
        }
    }
}
