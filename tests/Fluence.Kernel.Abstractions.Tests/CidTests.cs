using System.Text;
using Fluence.Kernel.Content;
using Fluence.Kernel.Multiformats;
using Xunit;

namespace Fluence.Kernel.Abstractions.Tests;

/// <summary>Known CIDs from components.md §3 (js-ipfs 0.66.1 adding the same file with different options).</summary>
public sealed class CidTests
{
    private const string V0 = "QmVZSgceVNoy7o9Aed5yG7wjf2NneUFqM79H6AGKt3g9tq";
    private const string V1DagPb = "bafybeidljdbpbxjtdn44xzhmbpi5hppxfjzsi37qojez3yl7vwsjebvs6y";
    private const string V1Raw = "bafkreic3z7ourutyuphl4dgbzcm2ozzfscf7njqfpuqh4gf6ufvjhdlh54";
    private const string V1RawBase58 = "zb2rhcpg8VooDHXxAug9iSmxVVuV5Rn15N2F4rMYFFneMMcFQ";

    [Fact]
    public void A_v0_cid_parses_as_dag_pb_sha2_256_and_round_trips()
    {
        var cid = Cid.Parse(V0);

        Assert.Equal(0, cid.Version);
        Assert.Equal(MulticodecCode.DagPb, cid.Codec);
        Assert.Equal(MultihashCode.Sha2_256, cid.Hash.Code);
        Assert.Equal(32, cid.Hash.Digest.Length);
        Assert.Equal(V0, cid.ToString());
        Assert.Equal(cid, Cid.FromBytes(cid.Bytes));
    }

    [Fact]
    public void A_v0_cid_as_v1_is_the_dag_pb_v1_of_the_same_node()
    {
        Assert.Equal(V1DagPb, Cid.Parse(V0).ToV1().ToString());
        Assert.Equal(Cid.Parse(V1DagPb), Cid.Parse(V0).ToV1());
    }

    [Fact]
    public void A_v1_cid_reads_the_same_in_base32_and_base58()
    {
        var base32 = Cid.Parse(V1Raw);
        var base58 = Cid.Parse(V1RawBase58);

        Assert.Equal(base32, base58);
        Assert.Equal(1, base32.Version);
        Assert.Equal(MulticodecCode.Raw, base32.Codec);
        Assert.Equal(V1Raw, base58.ToString());
        Assert.Equal(V1RawBase58, base32.ToString(MultibaseEncoding.Base58Btc));
        Assert.Equal(base32, Cid.FromBytes(base32.Bytes));
    }

    [Fact]
    public void The_raw_cid_of_empty_content_is_the_well_known_one()
    {
        Assert.Equal("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", Cid.RawSha256([]).ToString());
    }

    [Fact]
    public void Sha256_multihash_of_known_content()
    {
        var hash = Multihash.Sha256(Encoding.ASCII.GetBytes("abc"));
        Assert.Equal("1220ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(hash.Bytes));
        Assert.Equal(hash, Multihash.Parse(hash.Bytes));
    }

    [Theory]
    [MemberData(nameof(Codecs))]
    public void Every_codec_round_trips_with_sha2_256_and_blake3(MulticodecCode codec)
    {
        foreach (var hash in new[] { Multihash.Sha256([1, 2, 3]), Multihash.Create(MultihashCode.Blake3, new byte[32]) })
        {
            var cid = Cid.V1(codec, hash);
            Assert.Equal(cid, Cid.Parse(cid.ToString()));
            Assert.Equal(cid, Cid.Parse(cid.ToString(MultibaseEncoding.Base58Btc)));
            Assert.Equal(cid, Cid.FromBytes(cid.Bytes));
        }
    }

    public static TheoryData<MulticodecCode> Codecs => new(Enum.GetValues<MulticodecCode>());

    [Theory]
    [InlineData("", "CID is empty")]
    [InlineData("QmVZSgceVNoy7o9Aed5yG7wjf2NneUFqM79H6AGKt3g9t0", "'0' at position 45 is not a base58btc character")]
    [InlineData("mAXASIA", "unsupported multibase prefix 'm'")]
    [InlineData("bafkreic3z7ourutyuphl4dgbzcm2ozzfscf7njqfpuqh4gf6ufvjhdlh", "multihash digest is truncated")]
    [InlineData("b!!", "'!' at position 0 is not a base32 character")]
    public void Invalid_text_is_rejected_with_a_clear_message(string text, string message)
    {
        Assert.False(Cid.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
        Assert.Contains(message, Assert.Throws<FormatException>(() => Cid.Parse(text)).Message);
    }

    [Theory]
    [InlineData("02551220", "unsupported CID version 2")]
    [InlineData("01a0011220", "unsupported CID codec 0xa0")]
    [InlineData("0155131220", "unsupported multihash code 0x13")]
    [InlineData("0155121f" + "00000000000000000000000000000000000000000000000000000000000000", "sha2_256 digest must be 32 bytes, got 31")]
    [InlineData("015512200000", "multihash digest is truncated: 32 bytes declared, 2 present")]
    public void Invalid_bytes_are_rejected_with_a_clear_message(string hex, string message)
    {
        Assert.Contains(message, Assert.Throws<FormatException>(() => Cid.FromBytes(Convert.FromHexString(hex))).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_v0_cid_must_be_sha2_256()
    {
        Assert.Throws<ArgumentException>(() => Cid.V0(Multihash.Create(MultihashCode.Blake3, new byte[32])));
    }
}
