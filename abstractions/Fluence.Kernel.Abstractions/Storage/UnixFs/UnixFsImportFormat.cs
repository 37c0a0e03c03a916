namespace Fluence.Kernel.Storage.UnixFs;

/// <summary>The two ways <c>ipfs add</c> names a file with its default 256 KiB chunks and balanced layout.</summary>
public enum UnixFsImportFormat
{
    /// <summary><c>ipfs add --cid-version 1</c> (raw leaves): CIDv1, leaves raw blocks. What Fluence tooling uses.</summary>
    CidV1RawLeaves,

    /// <summary><c>ipfs add</c> by default: CIDv0 (<c>Qm…</c>), leaves UnixFS File nodes holding their chunk.</summary>
    CidV0,
}
