using CsCheck;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>The signature message's CID order (<see cref="DataSignatures.SortOrdinal"/>) is the ordinal order of the texts.</summary>
public sealed class DataSignaturesSortTests
{
    private static Gen<string> Pick(params string[] texts) => Gen.Int[0, texts.Length - 1].Select(i => texts[i]);

    private static void SortsAsOrdinal(List<string> texts) => SortsAsOrdinal(texts.Select(text => new CidRef(text)).ToList());

    private static void SortsAsOrdinal(List<CidRef> cids)
    {
        var expected = cids.Select(cid => cid.Value).ToList();
        expected.Sort(StringComparer.Ordinal);
        DataSignatures.SortOrdinal(cids);
        Assert.Equal(expected, cids.Select(cid => cid.Value));
    }

    // Digests that often share their first bytes (so sort keys tie), and repeated CIDs (a multiset).
    private static readonly Gen<byte[]> Digest = Gen.OneOf(
        Gen.Byte.Array[AquaCid.DigestLength],
        Gen.Byte[0, 3].Array[AquaCid.DigestLength],
        Gen.Byte.Array[AquaCid.DigestLength - 8].Select(tail => new byte[8].Concat(tail).ToArray()));

    [Fact]
    public void Cids_held_as_digests_sort_in_the_ordinal_order_of_their_texts()
    {
        Digest.Select(digest => CidRef.OfDigest(digest)).List[0, 600].Sample(SortsAsOrdinal, iter: 300);
        Digest.Select(digest => CidRef.OfDigest(digest)).List[1, 4].Select(distinct => Enumerable.Range(0, 20).Select(i => distinct[i % distinct.Count]).ToList())
            .Sample(SortsAsOrdinal, iter: 300);
    }

    [Fact]
    public void Cids_already_in_order_or_one_swap_away_from_it_sort_in_ordinal_order()
    {
        // Sorted input (with repeats) takes the in-order check; one swapped pair must still be caught by it.
        var sorted = Digest.Select(digest => CidRef.OfDigest(digest)).List[2, 60].Select(cids =>
        {
            var repeated = cids.Concat(cids.Take(cids.Count / 2)).ToList();
            repeated.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
            return repeated;
        });
        sorted.Sample(SortsAsOrdinal, iter: 300);
        Gen.Select(sorted, Gen.Int[0, 1_000]).Sample((cids, at) =>
        {
            var i = at % (cids.Count - 1);
            (cids[i], cids[i + 1]) = (cids[i + 1], cids[i]);
            SortsAsOrdinal(cids);
        }, iter: 300);
    }

    [Fact]
    public void The_message_of_repeated_cids_holds_each_text_in_full()
    {
        Digest.Select(digest => CidRef.OfDigest(digest)).List[1, 4].Sample(distinct =>
        {
            var cids = Enumerable.Range(0, 12).Select(i => distinct[i % distinct.Count].Copy(null)).ToList();
            DataSignatures.SortOrdinal(cids);
            var expected = new List<byte>(BitConverter.GetBytes((uint)cids.Count));
            foreach (var text in cids.Select(cid => cid.Value).Append("particle"))
            {
                expected.AddRange(BitConverter.GetBytes((uint)System.Text.Encoding.UTF8.GetByteCount(text)));
                expected.AddRange(System.Text.Encoding.UTF8.GetBytes(text));
            }
            Assert.Equal(expected.ToArray(), DataSignatures.Message(cids, "particle"));
        }, iter: 200);
    }

    [Fact]
    public void Cids_held_as_digests_among_other_texts_sort_in_ordinal_order()
    {
        var cid = Gen.OneOf(Digest.Select(digest => CidRef.OfDigest(digest)), Gen.Byte.Array[AquaCid.ByteLength].Select(bytes => new CidRef(AquaCid.Text(bytes))));
        cid.List[0, 100].Sample(SortsAsOrdinal, iter: 500);
    }

    [Fact]
    public void Texts_sharing_long_prefixes_with_ties_and_short_ones_sort_in_ordinal_order()
    {
        // Few characters (so keys tie often), a shared prefix, strings ending inside the key, and NUL (the key's padding).
        var tail = Gen.Char['\0', '\u0003'].Array[0, 7].Select(chars => new string(chars));
        var text = Gen.Select(Pick("", "bagaaihra", "bagaaihr"), tail, (prefix, rest) => prefix + rest);
        text.List[0, 80].Sample(SortsAsOrdinal, iter: 3_000);
    }

    [Fact]
    public void Any_texts_sort_in_ordinal_order()
    {
        Gen.String.List[0, 50].Sample(SortsAsOrdinal, iter: 2_000);
    }
}
