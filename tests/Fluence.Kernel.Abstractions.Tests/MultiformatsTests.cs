using System.Text;
using Fluence.Kernel.Multiformats;
using Xunit;

namespace Fluence.Kernel.Abstractions.Tests;

public sealed class MultiformatsTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(255UL, "ff01")]
    [InlineData(300UL, "ac02")]
    [InlineData(16384UL, "808001")]
    [InlineData(0x7FFFFFFFFFFFFFFFUL, "ffffffffffffffff7f")]
    public void Varints_match_the_multiformats_vectors(ulong value, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(Varint.Encode(value)));
        Assert.Equal(value, Varint.Read(Convert.FromHexString(hex), out int read));
        Assert.Equal(hex.Length / 2, read);
        Assert.Equal(hex.Length / 2, Varint.GetLength(value));
    }

    [Theory]
    [InlineData("bafkreic3z7ourutyuphl4dgbzcm2ozzfscf7njqfpuqh4gf6ufvjhdlh5")]
    [InlineData("bafkreic3z7ourutyuphl4dgbzcm2ozzfscf7njqfpuqh4gf6ufvjhdlh55")]
    public void A_cid_with_a_dropped_or_altered_last_base32_character_is_rejected(string text)
    {
        Assert.True(Fluence.Kernel.Content.Cid.TryParse("bafkreic3z7ourutyuphl4dgbzcm2ozzfscf7njqfpuqh4gf6ufvjhdlh54", out _));
        Assert.False(Fluence.Kernel.Content.Cid.TryParse(text, out _, out var error));
        Assert.Contains("base32", error);
    }

    [Fact]
    public void A_truncated_varint_asks_for_more_bytes()
    {
        Assert.False(Varint.TryRead([0x80, 0x80], out _, out _));
        Assert.Equal("truncated varint", Assert.Throws<FormatException>(() => Varint.Read([0x80], out _)).Message);
    }

    [Fact]
    public void A_varint_that_is_not_minimally_encoded_is_rejected()
    {
        Assert.Equal("varint is not minimally encoded", Assert.Throws<FormatException>(() => Varint.Read([0x81, 0x00], out _)).Message);
    }

    [Fact]
    public void A_varint_longer_than_nine_bytes_is_rejected()
    {
        var bytes = Enumerable.Repeat((byte)0x80, 9).Append((byte)0x01).ToArray();
        Assert.Equal("varint is longer than 9 bytes", Assert.Throws<FormatException>(() => Varint.Read(bytes, out _)).Message);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("61", "2g")]
    [InlineData("626262", "a3gV")]
    [InlineData("0000287fb4cd", "11233QC4")]
    [InlineData("48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U")]
    public void Base58_matches_the_bitcoin_alphabet_vectors(string hex, string text)
    {
        Assert.Equal(text, Base58.Encode(Convert.FromHexString(hex)));
        Assert.Equal(hex, Convert.ToHexStringLower(Base58.Decode(text)));
    }

    [Theory]
    [InlineData("0OIl", "'0' at position 0 is not a base58btc character")]
    [InlineData("abcI", "'I' at position 3 is not a base58btc character")]
    [InlineData("ab c", "' ' at position 2 is not a base58btc character")]
    public void Base58_rejects_characters_outside_its_alphabet(string text, string message)
    {
        Assert.False(Base58.TryDecode(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Base32_matches_the_rfc4648_vectors_in_lower_case_without_padding(string data, string text)
    {
        Assert.Equal(text, Base32.Encode(Encoding.ASCII.GetBytes(data)));
        Assert.True(Base32.TryDecode(text.ToUpperInvariant(), out var bytes, out _));
        Assert.Equal(data, Encoding.ASCII.GetString(bytes));
    }

    [Fact]
    public void Base32_rejects_padding_and_foreign_characters()
    {
        Assert.False(Base32.TryDecode("mzxw6===", out _, out var error));
        Assert.Equal("'=' at position 5 is not a base32 character", error);
    }

    [Fact]
    public void Multibase_names_an_unsupported_prefix()
    {
        Assert.False(Multibase.TryDecode("fdeadbeef", out _, out _, out var error));
        Assert.Equal("unsupported multibase prefix 'f' (supported: 'b' base32, 'z' base58btc)", error);
        Assert.False(Multibase.TryDecode("", out _, out _, out error));
        Assert.Equal("empty multibase string", error);
    }

    [Theory]
    [InlineData(MultibaseEncoding.Base32, "b")]
    [InlineData(MultibaseEncoding.Base58Btc, "z")]
    public void Multibase_round_trips_with_its_prefix(MultibaseEncoding encoding, string prefix)
    {
        var data = new byte[] { 0, 1, 2, 250, 255 };
        var text = Multibase.Encode(encoding, data);
        Assert.StartsWith(prefix, text);
        Assert.True(Multibase.TryDecode(text, out var bytes, out var decodedAs, out _));
        Assert.Equal(encoding, decodedAs);
        Assert.Equal(data, bytes);
    }
}
