using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>
/// Builds the DAG <c>ipfs add --cid-version 1 --raw-leaves</c> makes of a file, from its chunks in order: each chunk is a
/// raw-codec leaf; one chunk is the file's CID itself; more are linked by a balanced tree of UnixFS File nodes (dag-pb)
/// with at most <see cref="MaxLinksPerNode"/> links each — groups of 174 children become a parent, level by level, until
/// one node is left (the layout of Kubo's and js-ipfs's balanced builders).
/// Only the open path of the tree is held (at most 174 links per level); finished inner nodes are handed out through
/// <see cref="TakeCompletedNodes"/> so a store can write them as it goes.
/// </summary>
public sealed class UnixFsFileBuilder
{
    /// <summary>The fixed chunk size of <c>ipfs add</c> (<c>size-262144</c>).</summary>
    public const int ChunkSize = 256 * 1024;

    /// <summary>Links per node of the balanced layout (Kubo's <c>DefaultLinksPerBlock</c>, js-ipfs's <c>maxChildrenPerNode</c>).</summary>
    public const int MaxLinksPerNode = 174;

    private readonly UnixFsImportFormat _format;
    private readonly List<List<Child>> _levels = [];
    private readonly List<UnixFsBlock> _completed = [];
    private ContentStat? _result;

    public UnixFsFileBuilder(UnixFsImportFormat format = UnixFsImportFormat.CidV1RawLeaves) => _format = format;

    public UnixFsImportFormat Format => _format;

    /// <summary>File bytes added so far.</summary>
    public long Size { get; private set; }

    /// <summary>Blocks made so far (leaves and inner nodes).</summary>
    public long BlockCount { get; private set; }

    /// <summary>
    /// Adds the next chunk (at most <see cref="ChunkSize"/> bytes; only the last may be shorter) and returns the leaf's
    /// CID: raw for <see cref="UnixFsImportFormat.CidV1RawLeaves"/>; for <see cref="UnixFsImportFormat.CidV0"/> the leaf is
    /// a UnixFS File node holding the chunk (no Data field when empty, as in the empty file <c>QmbFMke1…</c>), handed
    /// out with the inner nodes.
    /// </summary>
    public Cid AddLeaf(ReadOnlySpan<byte> chunk)
    {
        if (_result is not null)
            throw new InvalidOperationException("the file is complete");
        if (chunk.Length > ChunkSize)
            throw new ArgumentException($"a chunk is at most {ChunkSize} bytes, got {chunk.Length}", nameof(chunk));
        Size += chunk.Length;
        BlockCount++;
        if (_format == UnixFsImportFormat.CidV0)
        {
            var leaf = new DagPbNode([], new UnixFsData(UnixFsType.File, chunk.IsEmpty ? (ReadOnlyMemory<byte>?)null : chunk.ToArray(), (ulong)chunk.Length, []).Encode()).Encode();
            var leafCid = Cid.V0(Multihash.Sha256(leaf));
            _completed.Add(new UnixFsBlock(leafCid, leaf));
            Push(0, new Child(leafCid, (ulong)chunk.Length, (ulong)leaf.Length));
            return leafCid;
        }
        var cid = Cid.RawSha256(chunk);
        Push(0, new Child(cid, (ulong)chunk.Length, (ulong)chunk.Length));
        return cid;
    }

    /// <summary>Inner nodes finished since the last call, children before parents.</summary>
    public IReadOnlyList<UnixFsBlock> TakeCompletedNodes()
    {
        if (_completed.Count == 0)
            return [];
        var nodes = _completed.ToArray();
        _completed.Clear();
        return nodes;
    }

    /// <summary>
    /// Closes the file: the remaining partial groups become nodes (take them with <see cref="TakeCompletedNodes"/>)
    /// and the root is returned. A file without chunks is one empty raw leaf, as <c>ipfs add</c> stores an empty file.
    /// </summary>
    public ContentStat Complete()
    {
        if (_result is not null)
            return _result;
        if (_levels.Count == 0)
            AddLeaf([]);
        for (int level = 0; ; level++)
        {
            var pending = _levels[level];
            bool top = level == _levels.Count - 1;
            if (top && pending.Count == 1)
            {
                _result = new ContentStat(pending[0].Cid, Size, BlockCount);
                return _result;
            }
            if (pending.Count > 0)
                Reduce(level);
        }
    }

    private void Push(int level, Child child)
    {
        if (_levels.Count == level)
            _levels.Add(new List<Child>(MaxLinksPerNode));
        var pending = _levels[level];
        pending.Add(child);
        if (pending.Count == MaxLinksPerNode)
            Reduce(level);
    }

    private void Reduce(int level)
    {
        var children = _levels[level];
        var links = new DagPbLink[children.Count];
        var blockSizes = new ulong[children.Count];
        ulong fileSize = 0, childrenTotal = 0;
        for (int i = 0; i < children.Count; i++)
        {
            links[i] = new DagPbLink(children[i].Cid, "", children[i].TotalSize);
            blockSizes[i] = children[i].FileSize;
            fileSize += children[i].FileSize;
            childrenTotal += children[i].TotalSize;
        }
        children.Clear();
        var data = new UnixFsData(UnixFsType.File, null, fileSize, blockSizes).Encode();
        var bytes = new DagPbNode(links, data).Encode();
        var cid = _format == UnixFsImportFormat.CidV0 ? Cid.V0(Multihash.Sha256(bytes)) : Cid.V1(MulticodecCode.DagPb, Multihash.Sha256(bytes));
        _completed.Add(new UnixFsBlock(cid, bytes));
        BlockCount++;
        Push(level + 1, new Child(cid, fileSize, childrenTotal + (ulong)bytes.Length));
    }

    private readonly record struct Child(Cid Cid, ulong FileSize, ulong TotalSize);
}
