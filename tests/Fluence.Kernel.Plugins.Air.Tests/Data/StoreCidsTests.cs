using CsCheck;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>The write side's service-result and tetraplet CIDs (<see cref="StoreCids"/>) are the reference ones (<see cref="AquaCid"/>) on any input.</summary>
public sealed class StoreCidsTests
{
    private static Gen<string> Pick(params string[] texts) => Gen.Int[0, texts.Length - 1].Select(i => texts[i]);

    [Fact]
    public void The_cid_of_a_service_result_is_the_reference_cid_for_any_cid_texts()
    {
        // CIDs of AquaVM's form (held as digests), other CID-like texts, and texts that need escaping or are not ASCII
        // (decoded data may hold anything).
        var text = Gen.OneOf(
            Gen.Byte.Array[AquaCid.DigestLength].Select(digest => CidRef.OfDigest(digest).Value),
            Gen.Byte.Array[AquaCid.ByteLength].Select(bytes => AquaCid.Text(bytes)),
            Gen.String,
            Gen.Char.Array[0, 300].Select(chars => new string(chars)),
            Pick("", "\"", "\\", "a\nb", "\u0001", "é", "\u2028", "😀"));
        Gen.Select(text, text, text).Sample((value, argument, tetraplet) =>
        {
            var result = new ServiceResult(new CidRef(value), new CidRef(argument), new CidRef(tetraplet));
            Assert.Equal(AquaCid.Of(result), StoreCids.Of(result).Value);
        }, iter: 5_000);
    }

    [Fact]
    public void A_service_result_of_long_cid_texts_gets_the_same_cid()
    {
        var long1 = new string('x', 400);
        var result = new ServiceResult(new CidRef(long1), new CidRef(long1 + "y"), new CidRef(long1 + "z"));
        Assert.Equal(AquaCid.Of(result), StoreCids.Of(result).Value);
    }

    [Fact]
    public void The_cid_of_a_tetraplet_is_the_reference_cid_for_any_texts()
    {
        // Peer ids and names as they come, texts that need escaping or are not ASCII (lone surrogates too), and texts
        // long enough to leave the stack path.
        var text = Gen.OneOf(
            Pick("", "12D3KooWEXNUbCXooUwHrHBbrmjsrpHXoEphPwbjQXEGyzbqKnE9", "op", "identity", ".$.[0]"),
            Gen.String,
            Gen.Char.Array[0, 200].Select(chars => new string(chars)),
            Pick("\"", "\\", "a\nb", "\u0001", "é", "\u2028", "😀", "\ud800", new string('p', 130)));
        Gen.Select(text, text, text, text).Sample((peer, service, function, lens) =>
        {
            var tetraplet = new StoredTetraplet(peer, service, function, lens);
            Assert.Equal(AquaCid.Of(tetraplet), StoreCids.Of(tetraplet).Value);
        }, iter: 5_000);
    }
}
