using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Particles;
using Xunit;

namespace Fluence.Kernel.Abstractions.Tests;

/// <summary>Vectors from fluence-protocol.md §1.2–1.3 (nox particle.rs test_signature).</summary>
public sealed class IdentityTests
{
    private const string Seed = "7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=";
    private const string SeedPeerId = "12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D";
    private const string SignedBytes = "Mjg4M2Y5NTktZTllNy00ODQzLThjMzctMjA1ZDM5M2NhMzcy/kguGYsBAABYGwAAYWJj";
    private const string Signature = "KceXDnOfqe0dOnAxiDsyWBIvUq6WHoT0ge+VMHXOZsjZvCNH7/10oufdlYfcPomfv28On6E87ZhDcHGBZcb7Bw==";

    [Fact]
    public void The_known_seed_gives_the_known_peer_id()
    {
        using var key = KeyPair.FromBase64(Seed);
        Assert.Equal(SeedPeerId, key.PeerId.ToString());
        Assert.Equal(key.PublicKey, key.PeerId.PublicKey.ToArray());
    }

    [Fact]
    public void Signing_the_known_particle_gives_the_known_signature()
    {
        using var key = KeyPair.FromBase64(Seed);
        var particle = new Particle("2883f959-e9e7-4843-8c37-205d393ca372", SeedPeerId, 1696934545662, 7000, "abc", default, default);

        var signed = particle.GetSignedBytes();

        Assert.Equal(SignedBytes, Convert.ToBase64String(signed));
        Assert.Equal(Signature, Convert.ToBase64String(key.Sign(signed)));
        Assert.True(PeerId.Parse(SeedPeerId).Verify(signed, Convert.FromBase64String(Signature)));
    }

    [Fact]
    public void A_signature_over_other_bytes_or_by_another_key_does_not_verify()
    {
        using var key = KeyPair.FromBase64(Seed);
        using var other = KeyPair.Generate();
        var data = Encoding.UTF8.GetBytes("particle");
        var signature = key.Sign(data);

        Assert.False(key.PeerId.Verify(Encoding.UTF8.GetBytes("particlE"), signature));
        Assert.False(other.PeerId.Verify(data, signature));
        Assert.False(key.PeerId.Verify(data, signature.AsSpan(1).ToArray()));
    }

    [Fact]
    public void A_key_round_trips_through_base64_and_base58()
    {
        using var key = KeyPair.Generate();
        using var fromBase64 = KeyPair.FromBase64(key.ToBase64());
        using var fromBase58 = KeyPair.FromBase58(key.ToBase58());

        Assert.Equal(key.PeerId, fromBase64.PeerId);
        Assert.Equal(key.PeerId, fromBase58.PeerId);
        Assert.Equal(key.Seed.ToArray(), fromBase58.Seed.ToArray());
    }

    [Theory]
    [InlineData("not base64!", "secret key is not valid base64")]
    [InlineData("AAAA", "an Ed25519 secret key is a 32-byte seed, got 3 bytes")]
    public void A_bad_base64_secret_key_is_rejected_with_a_clear_message(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => KeyPair.FromBase64(text)).Message);
    }

    [Fact]
    public void A_bad_base58_secret_key_is_rejected_with_a_clear_message()
    {
        Assert.StartsWith("secret key is not valid base58: '0'", Assert.Throws<FormatException>(() => KeyPair.FromBase58("0abc")).Message);
    }

    [Fact]
    public void The_known_peer_id_parses_and_round_trips()
    {
        const string text = "12D3KooWLLF7gQKb77xXHVZn3KXa14xp3RBiAkbnK2UBRpDaR8Kb";
        var id = PeerId.Parse(text);

        Assert.Equal(text, id.ToString());
        Assert.Equal(38, id.Bytes.Length);
        Assert.Equal("002408011220", Convert.ToHexStringLower(id.Bytes[..6]));
        Assert.Equal(id, PeerId.FromBytes(id.Bytes));
        Assert.Equal(id, PeerId.FromPublicKey(id.PublicKey));
        Assert.Equal(id.GetHashCode(), PeerId.Parse(text).GetHashCode());
    }

    [Theory]
    [InlineData("", "peer id is empty")]
    [InlineData("12D3KooW0", "is not base58btc: '0' at position 8 is not a base58btc character")]
    [InlineData("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", "sha2-256 multihash")]
    [InlineData("12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4", "not an identity multihash of an Ed25519 public key")]
    public void Anything_but_an_inline_ed25519_peer_id_is_rejected_with_a_clear_message(string text, string message)
    {
        Assert.False(PeerId.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
        Assert.Contains(message, Assert.Throws<FormatException>(() => PeerId.Parse(text)).Message);
    }

    [Fact]
    public void A_secp256k1_peer_id_is_rejected_naming_its_key_type()
    {
        // identity multihash of PublicKey{Type=Secp256k1(2), Data=33 bytes}
        var bytes = new byte[] { 0x00, 0x25, 0x08, 0x02, 0x12, 0x21 }.Concat(new byte[33]).ToArray();
        Assert.False(PeerId.TryParse(Base58.Encode(bytes), out _, out var error));
        Assert.Contains("key of type 2; only Ed25519 (type 1) is supported", error);
    }

    [Fact]
    public void A_public_key_of_the_wrong_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => PeerId.FromPublicKey(new byte[31]));
    }
}
