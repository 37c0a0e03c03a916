using Fluence.Kernel.Content;

namespace Fluence.Kernel.Plugins.Ipfs;

/// <summary>The answer of <c>add</c>: the file's CID and the cumulative size of its DAG.</summary>
public sealed record KuboAddResult(Cid Cid, long DagSize);

/// <summary>The answer of <c>block/stat</c>.</summary>
public sealed record KuboBlockStat(Cid Cid, long Size);

/// <summary>The answer of <c>id</c>.</summary>
public sealed record KuboIdentity(string Id, string? AgentVersion, IReadOnlyList<string> Addresses);

/// <summary>The answer of <c>version</c>.</summary>
public sealed record KuboVersion(string Version, string? Commit, string? Repo);
