using System.Security.Cryptography;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage;

namespace Fluence.Kernel.Plugins.LocalStore;

/// <summary>
/// The on-disk layout: <c>blocks/&lt;last two chars&gt;/&lt;cid&gt;</c> (one file per block, named by its CIDv1 in base32),
/// <c>pins/&lt;cid&gt;</c> (empty marker files) and <c>staging/</c> (blocks of adds in progress; emptied at start).
/// </summary>
internal sealed class BlockFiles(string root)
{
    /// <summary>Blocks larger than this are refused on read (IPFS itself caps blocks at 1 MiB for bitswap; 2 MiB is generous).</summary>
    public const int MaxBlockSize = 2 * 1024 * 1024;

    public string Root { get; } = root;
    public string BlocksDirectory { get; } = Path.Combine(root, "blocks");
    public string PinsDirectory { get; } = Path.Combine(root, "pins");
    public string StagingDirectory { get; } = Path.Combine(root, "staging");

    public static string KeyOf(Cid cid) => cid.ToV1().ToString();

    public string BlockPath(Cid cid)
    {
        var key = KeyOf(cid);
        return Path.Combine(BlocksDirectory, key[^2..], key);
    }

    public string PinPath(Cid cid) => Path.Combine(PinsDirectory, KeyOf(cid));

    public bool Exists(Cid cid) => File.Exists(BlockPath(cid));

    /// <summary>Reads a whole block into <paramref name="buffer"/> (grown as needed) and checks it hashes to <paramref name="cid"/>.</summary>
    public async ValueTask<int> ReadVerifiedAsync(Cid cid, Cid file, byte[] buffer, CancellationToken cancellationToken)
    {
        var path = BlockPath(cid);
        int length;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength > MaxBlockSize || fileLength > buffer.Length)
                throw new ContentCorruptedException(file, $"block {cid} is {fileLength} bytes, more than a block of this store can be");
            length = (int)fileLength;
            int read = 0;
            while (read < length)
            {
                int n = await RandomAccess.ReadAsync(handle, buffer.AsMemory(read, length - read), read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    throw new ContentCorruptedException(file, $"block {cid} shrank while it was read");
                read += n;
            }
        }
        catch (FileNotFoundException)
        {
            if (cid == file)
                throw new ContentNotFoundException(file);
            throw new ContentCorruptedException(file, $"block {cid} is missing");
        }
        catch (DirectoryNotFoundException)
        {
            if (cid == file)
                throw new ContentNotFoundException(file);
            throw new ContentCorruptedException(file, $"block {cid} is missing");
        }
        catch (IOException ex)
        {
            throw new ContentStoreException($"cannot read block {cid} of {file} from {path}: {ex.Message}", ex);
        }
        Verify(cid, file, buffer.AsSpan(0, length));
        return length;
    }

    public static void Verify(Cid cid, Cid file, ReadOnlySpan<byte> block)
    {
        if (cid.Hash.Code != MultihashCode.Sha2_256)
            throw new ContentStoreException($"block {cid} of {file} uses {cid.Hash.Code}; this store verifies sha2-256 only");
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(block, digest);
        if (!digest.SequenceEqual(cid.Hash.Digest.Span))
            throw new ContentCorruptedException(file, $"block {cid} does not match its hash");
    }
}
