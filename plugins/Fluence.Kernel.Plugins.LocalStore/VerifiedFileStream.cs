using System.Buffers;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;
using Fluence.Kernel.Storage.UnixFs;

namespace Fluence.Kernel.Plugins.LocalStore;

/// <summary>
/// Reads a stored file block by block, depth first through its UnixFS DAG. Every block is hashed and compared to the
/// CID that names it before a byte of it is handed out, so corruption surfaces as <see cref="ContentCorruptedException"/>
/// and never as wrong data. Holds one block in memory.
/// </summary>
internal sealed class VerifiedFileStream : Stream
{
    private const int MaxDepth = 64;

    private readonly BlockFiles _files;
    private readonly Cid _root;
    private readonly Stack<PendingLinks> _pending = new();
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BlockFiles.MaxBlockSize);
    private ReadOnlyMemory<byte> _segment;
    private bool _rootLoaded;
    private long _position;

    public VerifiedFileStream(BlockFiles files, Cid root)
    {
        _files = files;
        _root = root;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        while (_segment.IsEmpty)
        {
            if (!await NextSegmentAsync(cancellationToken).ConfigureAwait(false))
                return 0;
        }
        int n = Math.Min(destination.Length, _segment.Length);
        _segment.Span[..n].CopyTo(destination.Span);
        _segment = _segment[n..];
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Blocks are read asynchronously; a synchronous caller waits for the same path.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _segment = default;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        base.Dispose(disposing);
    }

    private async ValueTask<bool> NextSegmentAsync(CancellationToken cancellationToken)
    {
        if (!_rootLoaded)
        {
            _rootLoaded = true;
            await LoadAsync(_root, cancellationToken).ConfigureAwait(false);
            return true;
        }
        while (_pending.Count > 0)
        {
            var top = _pending.Peek();
            if (top.Next == top.Links.Count)
            {
                _pending.Pop();
                continue;
            }
            var link = top.Links[top.Next++];
            await LoadAsync(link.Cid, cancellationToken).ConfigureAwait(false);
            return true;
        }
        return false;
    }

    private async ValueTask LoadAsync(Cid cid, CancellationToken cancellationToken)
    {
        var buffer = _buffer!;
        int length = await _files.ReadVerifiedAsync(cid, _root, buffer, cancellationToken).ConfigureAwait(false);
        switch (cid.Codec)
        {
            case MulticodecCode.Raw:
                _segment = buffer.AsMemory(0, length);
                break;
            case MulticodecCode.DagPb:
                DagPbNode node;
                UnixFsData data;
                try
                {
                    node = DagPbNode.Decode(buffer.AsSpan(0, length));
                    data = node.Data is { } d
                        ? UnixFsData.Decode(d.Span)
                        : throw new FormatException("the node has no UnixFS data");
                }
                catch (FormatException ex)
                {
                    throw new ContentCorruptedException(_root, $"block {cid} is not a UnixFS file node: {ex.Message}");
                }
                if (data.Type is not (UnixFsType.File or UnixFsType.Raw))
                    throw new ContentStoreException($"{_root} is a UnixFS {data.Type.ToString().ToLowerInvariant()}, not a file");
                _segment = data.Data ?? ReadOnlyMemory<byte>.Empty;
                if (node.Links.Count > 0)
                {
                    if (_pending.Count == MaxDepth)
                        throw new ContentCorruptedException(_root, $"the DAG is deeper than {MaxDepth} levels");
                    _pending.Push(new PendingLinks(node.Links));
                }
                break;
            default:
                throw new ContentStoreException($"{cid} has codec {cid.Codec}; files are raw or dag-pb");
        }
    }

    private sealed class PendingLinks(IReadOnlyList<DagPbLink> links)
    {
        public IReadOnlyList<DagPbLink> Links { get; } = links;
        public int Next { get; set; }
    }
}
