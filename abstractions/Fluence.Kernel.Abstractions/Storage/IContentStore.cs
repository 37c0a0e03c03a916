using Fluence.Kernel.Content;

namespace Fluence.Kernel.Storage;

/// <summary>
/// The storage slot: content-addressed, streaming, with CIDs identical to <c>ipfs add --cid-version 1 --raw-leaves</c>
/// (256 KiB chunks; one chunk → raw CID; more → UnixFS dag-pb tree). Nothing is held whole in memory.
/// </summary>
public interface IContentStore
{
    /// <summary>Stores <paramref name="content"/> and returns its CID. Pins it unless <paramref name="pin"/> is false.</summary>
    ValueTask<Cid> AddAsync(Stream content, bool pin, CancellationToken cancellationToken);

    /// <summary>Opens the file behind <paramref name="cid"/> for reading; content is verified against the CID as it is read. Throws <see cref="ContentNotFoundException"/>.</summary>
    ValueTask<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken);

    ValueTask<bool> HasAsync(Cid cid, CancellationToken cancellationToken);

    ValueTask PinAsync(Cid cid, CancellationToken cancellationToken);

    ValueTask UnpinAsync(Cid cid, CancellationToken cancellationToken);

    IAsyncEnumerable<Cid> ListPinsAsync(CancellationToken cancellationToken);

    /// <summary>Size of the file and number of blocks. Throws <see cref="ContentNotFoundException"/>.</summary>
    ValueTask<ContentStat> StatAsync(Cid cid, CancellationToken cancellationToken);
}
