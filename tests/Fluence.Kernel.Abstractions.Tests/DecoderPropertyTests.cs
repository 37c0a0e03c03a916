using CsCheck;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Content;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Xunit;

namespace Fluence.Kernel.Abstractions.Tests;

/// <summary>
/// Decoders face bytes from the network: whatever they get, they either decode or throw FormatException. Inputs are
/// random bytes plus mutations (truncation, a flipped byte) of valid encodings, so the deeper paths are reached too.
/// </summary>
public sealed class DecoderPropertyTests
{
    private const string Peer = "12D3KooWLLF7gQKb77xXHVZn3KXa14xp3RBiAkbnK2UBRpDaR8Kb";

    private static readonly byte[][] ValidMultiaddrs =
    [
        Multiaddr.Parse("/ip4/127.0.0.1/tcp/9990/ws/p2p/" + Peer).ToBytes(),
        Multiaddr.Parse("/ip6/::1/tcp/1/wss").ToBytes(),
        Multiaddr.Parse("/dns4/example.com/tcp/443/wss").ToBytes(),
    ];

    private static readonly byte[][] ValidCids =
    [
        Cid.Parse("QmVZSgceVNoy7o9Aed5yG7wjf2NneUFqM79H6AGKt3g9tq").Bytes.ToArray(),
        Cid.Parse("bafkreic3z7ourutyuphl4dgbzcm2ozzfscf7njqfpuqh4gf6ufvjhdlh54").Bytes.ToArray(),
        Cid.V1(MulticodecCode.DagJson, Multihash.Create(MultihashCode.Blake3, new byte[32])).Bytes.ToArray(),
    ];

    private static Gen<byte[]> Inputs(byte[][] valid) => Gen.OneOf(
        Gen.Byte.Array[0, 80],
        Gen.Int[0, valid.Length - 1].SelectMany(i => Gen.Int[0, valid[i].Length].Select(n => valid[i][..n])),
        Gen.Int[0, valid.Length - 1].SelectMany(i => Gen.Select(Gen.Int[0, valid[i].Length - 1], Gen.Byte, (at, value) =>
        {
            var copy = (byte[])valid[i].Clone();
            copy[at] = value;
            return copy;
        })));

    // Sample takes statement lambdas here: a lambda returning bool would be read as the property itself.
    private static void OnlyFormatException(Action decode)
    {
        try
        {
            decode();
        }
        catch (FormatException)
        {
        }
    }

    [Fact]
    public void Varint_read_throws_nothing_but_FormatException()
    {
        Gen.Byte.Array[0, 12].Sample(bytes => OnlyFormatException(() => Varint.TryRead(bytes, out _, out _)), iter: 5000);
    }

    [Fact]
    public void Varint_round_trips_every_63_bit_value()
    {
        Gen.ULong[0UL, (ulong)long.MaxValue].Sample(value =>
        {
            var bytes = Varint.Encode(value);
            Assert.Equal(value, Varint.Read(bytes, out int read));
            Assert.Equal(bytes.Length, read);
        });
    }

    [Fact]
    public void Base58_decoding_any_text_never_throws_and_round_trips_bytes()
    {
        Gen.String.Sample(text => { Base58.TryDecode(text, out _, out _); });
        Gen.Byte.Array[0, 64].Sample(bytes => Assert.Equal(bytes, Base58.Decode(Base58.Encode(bytes))));
    }

    [Fact]
    public void Base32_round_trips_bytes()
    {
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            Assert.True(Base32.TryDecode(Base32.Encode(bytes), out var decoded, out _));
            Assert.Equal(bytes, decoded);
        });
    }

    [Fact]
    public void Multiaddr_from_bytes_throws_nothing_but_FormatException()
    {
        Inputs(ValidMultiaddrs).Sample(bytes => OnlyFormatException(() =>
        {
            var addr = Multiaddr.FromBytes(bytes);
            // Whatever decodes must re-encode to an address that decodes the same.
            Assert.Equal(addr, Multiaddr.FromBytes(addr.ToBytes()));
            // … and its text form must name the same components.
            Assert.Equal(addr, Multiaddr.Parse(addr.ToString()));
        }), iter: 5000);
    }

    [Fact]
    public void Multiaddr_try_parse_never_throws()
    {
        Gen.OneOf(Gen.String, Gen.Const("/ip4/").SelectMany(p => Gen.String.Select(s => p + s)), Gen.Const("/p2p/").SelectMany(p => Gen.String.Select(s => p + s)))
            .Sample(text => { Multiaddr.TryParse(text, out _, out _); });
    }

    [Fact]
    public void Cid_from_bytes_throws_nothing_but_FormatException()
    {
        Inputs(ValidCids).Sample(bytes => OnlyFormatException(() =>
        {
            var cid = Cid.FromBytes(bytes);
            Assert.Equal(cid, Cid.FromBytes(cid.Bytes));
        }), iter: 5000);
    }

    [Fact]
    public void Cid_try_parse_never_throws()
    {
        Gen.OneOf(Gen.String, Gen.Const("b").SelectMany(p => Gen.String.Select(s => p + s)), Gen.Const("z").SelectMany(p => Gen.String.Select(s => p + s)))
            .Sample(text => { Cid.TryParse(text, out _, out _); });
    }

    [Fact]
    public void Peer_id_try_parse_never_throws()
    {
        Gen.String.Sample(text => { PeerId.TryParse(text, out _, out _); });
        Gen.Byte.Array[0, 40].Sample(bytes => { PeerId.TryFromBytes(bytes, out _, out _); });
    }
}
