using CsCheck;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>The signature message's CID order (<see cref="DataSignatures.SortOrdinal"/>) is the ordinal order of the texts.</summary>
public sealed class DataSignaturesSortTests
{
    private static Gen<string> Pick(params string[] texts) => Gen.Int[0, texts.Length - 1].Select(i => texts[i]);

    private static void SortsAsOrdinal(List<string> texts)
    {
        var expected = texts.ToList();
        expected.Sort(StringComparer.Ordinal);
        DataSignatures.SortOrdinal(texts);
        Assert.Equal(expected, texts);
    }

    [Fact]
    public void Real_cids_sort_in_ordinal_order()
    {
        Gen.Byte.Array[AquaCid.ByteLength].Select(bytes => AquaCid.Text(bytes)).List[0, 600].Sample(SortsAsOrdinal, iter: 300);
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
