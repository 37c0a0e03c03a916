using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage;

/// <summary>A storage failure with a message fit for a user (daemon down, corrupted block, size limit, disk full).</summary>
public class ContentStoreException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class ContentNotFoundException(Cid cid) : ContentStoreException($"content {cid} is not in the store")
{
    public Cid Cid { get; } = cid;
}

/// <summary>Stored bytes do not hash to the CID they are stored under.</summary>
public sealed class ContentCorruptedException(Cid cid, string detail) : ContentStoreException($"content {cid} is corrupted: {detail}")
{
    public Cid Cid { get; } = cid;
}
