using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>A link of a dag-pb node: the child's CID, its name (empty inside files) and the cumulative size of its DAG.</summary>
public sealed record DagPbLink(Cid Cid, string Name, ulong TotalSize);
