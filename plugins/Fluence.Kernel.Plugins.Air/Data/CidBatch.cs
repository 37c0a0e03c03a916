using Fluence.Kernel.Plugins.Air.Hashing;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// CIDs of JSON texts an invocation makes, hashed eight at a time (<see cref="Blake3Digest.HashChunks"/>): one text
/// alone is one BLAKE3 compression per block at a quarter of the speed of eight side by side. <see cref="Add(ReadOnlySpan{byte})"/>
/// keeps a copy of the text and gives a pending CID (<see cref="CidRef.IsPending"/>); the batch is hashed when it is
/// full or when any of its CIDs is first read, whichever comes first, so nothing ever sees a digest before it is made.
/// A service result's text is written only then (<see cref="Add(ServiceResult)"/>), as its value's CID may be pending
/// in a batch of its own (reading it runs that batch first), and its argument hash may be made by the same batch
/// before (<see cref="Add(ServiceResult, ReadOnlySpan{byte})"/>). Texts of one invocation, on its thread; a pending CID is
/// settled before the invocation's data is written (its store's entries are read then, see <see cref="CidStore{T}.PutPending"/>).
/// </summary>
internal sealed class CidBatch
{
    private const int Lanes = 8;

    /// <summary>The longest argument text a service result's batch hashes (one block).</summary>
    public const int ArgumentTextBytes = Blake3Constants.BlockBytes;

    private readonly int _stride;
    // The texts, lane i at i × stride, each zero from its end to the end of its last block (as the kernels read them).
    private readonly byte[] _texts;
    private readonly int[] _lengths = new int[Lanes];
    private readonly CidRef?[] _cids = new CidRef?[Lanes];
    // Lanes whose text is a service result's JSON, written when the batch runs.
    private readonly ServiceResult?[] _results = new ServiceResult?[Lanes];
    // Argument texts of those results whose argument hash is pending too, lane i at i × ArgumentTextBytes (-1: none).
    private byte[]? _argumentTexts;
    private readonly int[] _argumentLengths = [-1, -1, -1, -1, -1, -1, -1, -1];
    private int _count;

    /// <param name="maxText">The longest text batched (at most one chunk); a longer one is hashed at once.</param>
    public CidBatch(int maxText)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxText, Blake3Constants.ChunkBytes);
        _stride = (maxText + Blake3Constants.BlockBytes - 1) / Blake3Constants.BlockBytes * Blake3Constants.BlockBytes;
        _texts = new byte[Lanes * _stride];
    }

    /// <summary>The CID of the JSON text <paramref name="json"/> (UTF-8): pending until the batch is hashed.</summary>
    public CidRef Add(ReadOnlySpan<byte> json)
    {
        if (json.Length > _stride)
            return AquaCid.RefOfJsonBytes(json);
        var lane = _texts.AsSpan(_count * _stride, _stride);
        json.CopyTo(lane);
        lane[json.Length..].Clear();
        return AddLane(json.Length);
    }

    /// <summary>
    /// The CID of <paramref name="result"/>'s JSON (<see cref="StoreCids.Of(ServiceResult)"/>), all three of whose CIDs
    /// are of AquaVM's form (<see cref="StoreCids.IsWrittenFromDigests"/>): pending until the batch is hashed.
    /// </summary>
    public CidRef Add(ServiceResult result)
    {
        if (StoreCids.ServiceResultJsonBytes > _stride)
            return StoreCids.Of(result);
        _results[_count] = result;
        return AddLane(StoreCids.ServiceResultJsonBytes);
    }

    /// <summary>
    /// <see cref="Add(ServiceResult)"/> for a result made pending on this batch (its pending constructor), whose
    /// argument hash is the CID of <paramref name="argumentText"/> (at most <see cref="ArgumentTextBytes"/>): both are
    /// made when the batch is hashed, the argument hashes first.
    /// </summary>
    public CidRef Add(ServiceResult result, ReadOnlySpan<byte> argumentText)
    {
        if (StoreCids.ServiceResultJsonBytes > _stride || !StoreCids.IsWrittenFromDigests(result))
        {
            Span<byte> digest = stackalloc byte[AquaCid.DigestLength];
            AquaCid.WriteDigest(argumentText, digest);
            result.FillArgumentDigest(digest);
            return StoreCids.Of(result);
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(argumentText.Length, ArgumentTextBytes);
        var lane = (_argumentTexts ??= new byte[Lanes * ArgumentTextBytes]).AsSpan(_count * ArgumentTextBytes, ArgumentTextBytes);
        argumentText.CopyTo(lane);
        lane[argumentText.Length..].Clear();
        _argumentLengths[_count] = argumentText.Length;
        _results[_count] = result;
        return AddLane(StoreCids.ServiceResultJsonBytes);
    }

    private CidRef AddLane(int length)
    {
        var cid = CidRef.Pending(this);
        _lengths[_count] = length;
        _cids[_count++] = cid;
        if (_count == Lanes)
            Run();
        return cid;
    }

    /// <summary>Hashes the pending texts and fills in their CIDs (nothing to do when none is pending).</summary>
    public void Run()
    {
        if (_count == 0)
            return;
        Span<byte> digests = stackalloc byte[Lanes * Blake3Digest.HashBytes];
        if (_argumentTexts is not null)
            HashArguments(digests);
        for (var i = 0; i < _count; i++)
        {
            if (_results[i] is not { } result)
                continue;
            var lane = _texts.AsSpan(i * _stride, _stride);
            StoreCids.WriteFromDigests(result, lane);
            lane[_lengths[i]..].Clear();
            _results[i] = null;
        }
        Blake3Digest.HashChunks(_texts, _stride, _lengths.AsSpan(0, _count), digests, Blake3IsaSupport.Best);
        for (var i = 0; i < _count; i++)
        {
            _cids[i]!.Fill(digests.Slice(i * Blake3Digest.HashBytes, Blake3Digest.HashBytes));
            _cids[i] = null;
        }
        _count = 0;
    }

    // The pending argument hashes (lanes without one hash an empty text, unused), given to their results.
    private void HashArguments(Span<byte> digests)
    {
        Span<int> lengths = stackalloc int[_count];
        var any = false;
        for (var i = 0; i < _count; i++)
        {
            lengths[i] = Math.Max(0, _argumentLengths[i]);
            any |= _argumentLengths[i] >= 0;
        }
        if (!any)
            return;
        Blake3Digest.HashChunks(_argumentTexts, ArgumentTextBytes, lengths, digests, Blake3IsaSupport.Best);
        for (var i = 0; i < _count; i++)
        {
            if (_argumentLengths[i] < 0)
                continue;
            _results[i]!.FillArgumentDigest(digests.Slice(i * Blake3Digest.HashBytes, Blake3Digest.HashBytes));
            _argumentLengths[i] = -1;
        }
    }
}
