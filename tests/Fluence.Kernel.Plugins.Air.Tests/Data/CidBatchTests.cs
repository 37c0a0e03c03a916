using System.Text;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>
/// CIDs hashed in batches (<see cref="CidBatch"/>) are the CIDs hashed one at a time, whatever reads them first and
/// however many are pending; a store's entries put under pending CIDs end as <see cref="CidStore{T}.Put(CidRef, T)"/>
/// would have left them.
/// </summary>
public sealed class CidBatchTests
{
    private static byte[] Json(int i) => Encoding.UTF8.GetBytes($"{{\"n\":{i},\"pad\":\"{new string('x', i % 300)}\"}}");

    [Fact]
    public void Batched_cids_equal_cids_hashed_alone_for_any_count_pending()
    {
        for (var count = 1; count <= 20; count++)
        {
            var batch = new CidBatch(512);
            var cids = Enumerable.Range(0, count).Select(i => batch.Add(Json(i))).ToArray();
            // Eight at a time are hashed as the eighth is added; the rest wait for a read.
            Assert.Equal(count % 8, cids.Count(cid => cid.IsPending));
            for (var i = 0; i < count; i++)
                Assert.True(AquaCid.RefOfJsonBytes(Json(i)).SameAs(cids[i]), $"{i} of {count}");
            Assert.DoesNotContain(cids, cid => cid.IsPending);
        }
    }

    [Fact]
    public void Reading_any_pending_cid_in_any_way_hashes_its_batch_first()
    {
        var reads = new Func<CidRef, string>[]
        {
            cid => cid.Value,
            cid => Convert.ToHexString(cid.Digest),
            cid => cid.ToString(),
            cid => cid.Copy(null).Value,
            cid => CidRef.TextComparer.Instance.GetHashCode(cid).ToString(System.Globalization.CultureInfo.InvariantCulture),
            cid => cid.HasText(AquaCid.OfJsonBytes(Json(1))).ToString(),
        };
        foreach (var read in reads)
        {
            var batch = new CidBatch(512);
            var first = batch.Add(Json(0));
            var second = batch.Add(Json(1));
            var expected = read(AquaCid.RefOfJsonBytes(Json(1)));
            Assert.Equal(expected, read(second));
            Assert.False(first.IsPending);
            Assert.Equal(AquaCid.OfJsonBytes(Json(0)), first.Value);
        }
    }

    [Fact]
    public void A_text_longer_than_the_batch_takes_is_hashed_at_once()
    {
        var batch = new CidBatch(100);
        var cid = batch.Add(Json(200));
        Assert.False(cid.IsPending);
        Assert.Equal(AquaCid.OfJsonBytes(Json(200)), cid.Value);
    }

    [Fact]
    public void Service_results_over_pending_value_cids_get_the_cids_of_their_json()
    {
        var values = new CidBatch(256);
        var results = new CidBatch(StoreCids.ServiceResultJsonBytes);
        var tetraplet = StoreCids.Of(new StoredTetraplet("12D3KooWPeer", "svc", "f", ""));
        var argument = AquaCid.RefOfJsonBytes("[1]"u8);
        var pending = new List<(CidRef Cid, int Value)>();
        // Values and results in lockstep (a result's value full batch runs before the result's), and a remainder.
        for (var i = 0; i < 21; i++)
        {
            var result = new ServiceResult(values.Add(Json(i)), argument.Digest, tetraplet);
            pending.Add((results.Add(result), i));
        }
        foreach (var (cid, value) in pending)
        {
            var expected = StoreCids.Of(new ServiceResult(AquaCid.RefOfJsonBytes(Json(value)), argument.Digest, tetraplet));
            Assert.Equal(expected.Value, cid.Value);
        }
    }

    [Fact]
    public void Argument_hashes_made_by_the_batch_equal_those_hashed_alone_whatever_reads_them_first()
    {
        var tetraplet = StoreCids.Of(new StoredTetraplet("12D3KooWPeer", "svc", "f", ""));
        var reads = new Func<ServiceResult, CidRef, string>[]
        {
            (_, cid) => cid.Value,
            (result, _) => result.ArgumentHash.Value,
            (result, _) => result.TryGetArgumentDigest(out var digest) ? Convert.ToHexString(digest) : "",
        };
        foreach (var read in reads)
        {
            var values = new CidBatch(256);
            var results = new CidBatch(StoreCids.ServiceResultJsonBytes);
            var made = new List<(ServiceResult Result, CidRef Cid, int I)>();
            for (var i = 0; i < 13; i++)
            {
                // Every other result's argument hash is given as its digest, the rest as text.
                var result = i % 2 == 0 ? new ServiceResult(values.Add(Json(i)), results, tetraplet) : new ServiceResult(values.Add(Json(i)), Digest(Argument(i)), tetraplet);
                Assert.True(result.HoldsArgumentDigest);
                made.Add((result, i % 2 == 0 ? results.Add(result, Argument(i)) : results.Add(result), i));
            }
            foreach (var (result, cid, i) in made.AsEnumerable().Reverse())
            {
                var alone = new ServiceResult(AquaCid.RefOfJsonBytes(Json(i)), Digest(Argument(i)), tetraplet);
                if (i % 2 == 0)
                    Assert.Equal(read(alone, StoreCids.Of(alone)), read(result, cid));
                Assert.Equal(StoreCids.Of(alone).Value, cid.Value);
            }
        }
    }

    [Fact]
    public void A_result_that_cannot_be_batched_gets_its_argument_hash_at_once()
    {
        var results = new CidBatch(StoreCids.ServiceResultJsonBytes);
        var result = new ServiceResult(new CidRef("not a cid"), results, AquaCid.RefOfJsonBytes("{}"u8));
        var cid = results.Add(result, Argument(5));
        Assert.False(cid.IsPending);
        Assert.True(result.TryGetArgumentDigest(out var digest));
        Assert.True(digest.SequenceEqual(Digest(Argument(5))));
        Assert.Equal(AquaCid.Of(new ServiceResult(new CidRef("not a cid"), Digest(Argument(5)), AquaCid.RefOfJsonBytes("{}"u8))), cid.Value);
    }

    private static byte[] Argument(int i) => Encoding.UTF8.GetBytes($"[{i},\"x\"]");

    private static byte[] Digest(byte[] json) => AquaCid.RefOfJsonBytes(json).Digest.ToArray();

    [Fact]
    public void Pending_puts_leave_the_store_as_puts_would_repeated_cids_dropped_and_order_kept()
    {
        // Texts 0..29 with repeats among themselves and of entries the store had, interleaved with ordinary puts.
        var texts = Enumerable.Range(0, 60).Select(i => i * 7 % 30).ToArray();
        var eager = new CidStore<RawValue>();
        var pending = new CidStore<RawValue>();
        foreach (var store in (CidStore<RawValue>[])[eager, pending])
            store.Put(AquaCid.RefOfJsonBytes(Json(3)), new RawValue(Json(3)));
        var batch = new CidBatch(512);
        var eagerRefs = new List<CidRef>();
        var pendingRefs = new List<CidRef>();
        for (var i = 0; i < texts.Length; i++)
        {
            var json = Json(texts[i]);
            eagerRefs.Add(eager.Put(AquaCid.RefOfJsonBytes(json), new RawValue(json)));
            pendingRefs.Add(i % 5 == 4 ? pending.Put(AquaCid.RefOfJsonBytes(json), new RawValue(json)) : pending.PutPending(batch.Add(json), new RawValue(json)));
        }
        Assert.Equal(eager.Entries.Select(e => e.Key.Value), pending.Entries.Select(e => e.Key.Value));
        Assert.Equal(eager.Entries.Select(e => e.Value.Json), pending.Entries.Select(e => e.Value.Json));
        // Every reference names the store's own value, as a put leaves it.
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(pending.TryGet(pendingRefs[i], out var stored));
            Assert.Same(stored, pendingRefs[i].Target);
            Assert.True(eagerRefs[i].SameAs(pendingRefs[i]));
        }
    }
}
