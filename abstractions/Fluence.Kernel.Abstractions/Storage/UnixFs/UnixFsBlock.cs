using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>An encoded block of a UnixFS DAG and its CID.</summary>
public sealed record UnixFsBlock(Cid Cid, byte[] Bytes);
