using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage;

/// <param name="Size">File size in bytes (the data, not the DAG).</param>
/// <param name="BlockCount">Blocks of the DAG, root included.</param>
public sealed record ContentStat(Cid Cid, long Size, long BlockCount);
