using CsCheck;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>A CID of AquaVM's form is held as its digest and stands for exactly its text; any other text stays text.</summary>
public sealed class CidRefTests
{
    private static readonly byte[] Prefix = [0x01, 0x80, 0x04, 0x1e, 0x20];

    private static string TextOf(byte[] digest) => "b" + Base32.Encode([.. Prefix, .. digest]);

    [Fact]
    public void A_cid_held_as_its_digest_has_the_text_of_its_bytes()
    {
        Gen.Byte.Array[AquaCid.DigestLength].Sample(digest =>
        {
            var cid = CidRef.OfDigest(digest);
            Assert.True(cid.IsCanonical);
            Assert.Equal(TextOf(digest), cid.Value);
            Assert.Equal(AquaCid.TextLength, cid.Utf8Length);
        }, iter: 2_000);
    }

    [Fact]
    public void Text_of_aquavms_form_is_read_as_its_digest_and_equals_the_cid_made_from_the_digest()
    {
        Gen.Byte.Array[AquaCid.DigestLength].Sample(digest =>
        {
            var text = TextOf(digest);
            var read = new CidRef(text);
            var made = CidRef.OfDigest(digest);
            Assert.True(read.IsCanonical);
            Assert.True(read.Digest.SequenceEqual(digest));
            Assert.True(read.SameAs(made));
            Assert.True(CidRef.TextComparer.Instance.Equals(read, made));
            Assert.Equal(CidRef.TextComparer.Instance.GetHashCode(read), CidRef.TextComparer.Instance.GetHashCode(made));
            Assert.True(AquaCid.TryParseText(System.Text.Encoding.ASCII.GetBytes(text).AsSpan(), out _));
        }, iter: 2_000);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bafkr4i")]
    [InlineData("not a cid")]
    public void Other_text_stays_text_and_differs_from_every_digest(string text)
    {
        var cid = new CidRef(text);
        Assert.False(cid.IsCanonical);
        Assert.Equal(text, cid.Value);
        Assert.False(cid.SameAs(CidRef.OfDigest(new byte[AquaCid.DigestLength])));
        Assert.True(cid.SameAs(new CidRef(text)));
    }

    [Fact]
    public void Text_that_only_resembles_aquavms_form_is_not_taken_for_a_digest()
    {
        var digest = Enumerable.Range(0, AquaCid.DigestLength).Select(i => (byte)(i * 7 + 1)).ToArray();
        var text = TextOf(digest);
        // The unused low bits of the last character set: decodes to the same bytes, but is another text.
        var lastValue = "abcdefghijklmnopqrstuvwxyz234567".IndexOf(text[^1]);
        var padded = text[..^1] + "abcdefghijklmnopqrstuvwxyz234567"[lastValue | 1];
        var variants = new[]
        {
            padded,
            text.ToUpperInvariant(),
            text[..^1],
            text + "a",
            "B" + text[1..],
            "b" + Base32.Encode([0x01, 0x55, 0x1e, 0x20, .. digest, 0]),
            text[..20] + "0" + text[21..],
            text[..20] + "é" + text[21..],
        };
        foreach (var variant in variants)
        {
            var cid = new CidRef(variant);
            Assert.False(cid.IsCanonical, variant);
            Assert.Equal(variant, cid.Value);
            Assert.False(cid.SameAs(new CidRef(text)), variant);
        }
    }

    [Fact]
    public void A_cid_store_finds_a_value_by_its_text_or_by_its_digest()
    {
        var json = "{\"a\":1}"u8.ToArray();
        var store = new CidStore<RawValue>();
        var value = new RawValue(json.AsMemory());
        store.Put(AquaCid.RefOfJsonBytes(json), value);

        Assert.True(store.TryGet(AquaCid.OfJsonBytes(json), out var byText));
        Assert.Same(value, byText);
        Assert.True(store.TryGet(new CidRef(AquaCid.OfJsonBytes(json)), out var byReference));
        Assert.Same(value, byReference);
        Assert.False(store.TryGet(AquaCid.OfJsonBytes("{\"a\":2}"u8), out _));
    }
}
