using System.Buffers;
using System.Text;
using CsCheck;
using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Kademlia;
using Fluence.Kernel.Plugins.Libp2p.Multistream;
using Fluence.Kernel.Plugins.Libp2p.Noise;
using Fluence.Kernel.Plugins.Libp2p.Protocols;
using Fluence.Kernel.Plugins.Libp2p.Tests.Support;
using Fluence.Kernel.Plugins.Libp2p.Wire;
using Fluence.Kernel.Plugins.Libp2p.Yamux;
using Xunit;

namespace Fluence.Kernel.Plugins.Libp2p.Tests;

/// <summary>
/// Every wire decoder: valid input round-trips whatever the segmentation; arbitrary input fails only with
/// <see cref="FormatException"/> (or the protocol exception that closes the connection), never anything else.
/// </summary>
public sealed class DecoderPropertyTests
{
    private static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 600];
    private static readonly Gen<string> ProtocolText = Gen.Byte[0x21, 0x7e].Array[1, 120].Select(b => Encoding.ASCII.GetString(b));

    private static void FailsOnlyWithFormatError(Action decode)
    {
        try
        {
            decode();
        }
        catch (FormatException)
        {
        }
        catch (Libp2pProtocolException)
        {
        }
    }

    [Fact]
    public void Length_prefixed_frames_round_trip_across_any_segmentation()
    {
        Gen.Select(Bytes, Gen.Int[1, 40]).Sample((payload, piece) =>
        {
            var writer = new ArrayBufferWriter<byte>();
            LengthPrefixed.Write(writer, payload);
            var wire = writer.WrittenSpan.ToArray();
            Assert.True(LengthPrefixed.TryParse(Segmented.Split(wire, piece), 1000, out var parsed, out _));
            Assert.Equal(payload, parsed.ToArray());
            // every strict prefix asks for more bytes instead of misreading
            for (int cut = 0; cut < wire.Length; cut += Math.Max(1, wire.Length / 7))
                Assert.False(LengthPrefixed.TryParse(new ReadOnlySequence<byte>(wire, 0, cut), 1000, out _, out _));
        });
    }

    [Fact]
    public void Length_prefixed_parsing_of_arbitrary_bytes_fails_only_with_a_format_error_and_honours_the_limit()
    {
        Bytes.Sample(bytes => FailsOnlyWithFormatError(() =>
        {
            if (LengthPrefixed.TryParse(new ReadOnlySequence<byte>(bytes), 64, out var payload, out _))
                Assert.True(payload.Length <= 64);
        }));
    }

    [Fact]
    public void An_oversized_length_prefix_is_refused_before_its_payload_arrives()
    {
        var header = Fluence.Kernel.Multiformats.Varint.Encode(1_000_000);
        var error = Assert.Throws<FormatException>(() => LengthPrefixed.TryParse(new ReadOnlySequence<byte>(header), 4096, out _, out _));
        Assert.Contains("exceeds the limit of 4096", error.Message);
    }

    [Fact]
    public void Multistream_messages_round_trip_and_garbage_fails_with_a_format_error()
    {
        Gen.Select(ProtocolText, Gen.Int[1, 10]).Sample((text, piece) =>
        {
            var writer = new ArrayBufferWriter<byte>();
            MultistreamSelect.WriteMessage(writer, text);
            Assert.True(MultistreamSelect.TryParse(Segmented.Split(writer.WrittenSpan.ToArray(), piece), out var parsed, out _));
            Assert.Equal(text, parsed);
        });
        Bytes.Sample(bytes => FailsOnlyWithFormatError(() => MultistreamSelect.TryParse(new ReadOnlySequence<byte>(bytes), out _, out _)));
    }

    [Fact]
    public void Yamux_headers_round_trip_and_arbitrary_headers_fail_only_with_a_format_error()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 15], Gen.UInt, Gen.UInt).Sample((type, flags, id, length) =>
        {
            var header = new YamuxHeader((YamuxFrameType)type, (YamuxFlags)flags, id, length);
            var bytes = new byte[YamuxHeader.Size];
            header.Write(bytes);
            Assert.Equal(header, YamuxHeader.Parse(bytes));
            Assert.Equal(header, YamuxHeader.Parse(Segmented.Split(bytes, 5)));
        });
        Gen.Byte.Array[YamuxHeader.Size].Sample(bytes => FailsOnlyWithFormatError(() =>
        {
            var header = YamuxHeader.Parse(bytes);
            var again = new byte[YamuxHeader.Size];
            header.Write(again);
            Assert.Equal(bytes, again);
        }));
    }

    [Fact]
    public void Noise_frames_parse_back_their_payload_at_any_split()
    {
        Gen.Select(Gen.Byte.Array[0, 3000], Gen.Int[1, 700]).Sample((payload, piece) =>
        {
            byte[] wire = [(byte)(payload.Length >> 8), (byte)payload.Length, .. payload];
            Assert.True(NoiseFrame.TryParse(Segmented.Split(wire, piece), out var parsed, out _));
            Assert.Equal(payload, parsed.ToArray());
            Assert.False(NoiseFrame.TryParse(new ReadOnlySequence<byte>(wire, 0, wire.Length - 1), out _, out _));
        });
    }

    [Fact]
    public void Protobuf_decoders_fail_only_with_format_errors_on_arbitrary_bytes()
    {
        Bytes.Sample(bytes =>
        {
            FailsOnlyWithFormatError(() => NoiseHandshakePayload.Decode(bytes));
            FailsOnlyWithFormatError(() => IdentifyMessage.Decode(bytes));
            FailsOnlyWithFormatError(() => KadMessage.Decode(bytes));
            FailsOnlyWithFormatError(() => PublicKeyProto.Decode(bytes));
            FailsOnlyWithFormatError(() => SignedEnvelope.Verify(SignedEnvelope.PeerRecordDomain, bytes));
        });
    }

    [Fact]
    public void Identify_messages_round_trip()
    {
        var key = KeyPair.Generate();
        Gen.Select(ProtocolText.Array[0, 10], Gen.Int[1, 65535].Array[0, 5], ProtocolText).Sample((protocols, ports, agent) =>
        {
            var message = new IdentifyMessage
            {
                PublicKey = PublicKeyProto.Encode(key.PeerId),
                Protocols = protocols,
                ListenAddresses = ports.Select(p => Multiaddr.Parse($"/ip4/127.0.0.1/tcp/{p}/ws")).ToList(),
                ProtocolVersion = ProtocolIds.Particle,
                AgentVersion = agent,
            };
            var decoded = IdentifyMessage.Decode(message.Encode());
            Assert.Equal(protocols, decoded.Protocols);
            Assert.Equal(message.ListenAddresses, decoded.ListenAddresses);
            Assert.Equal(agent, decoded.AgentVersion);
            Assert.Equal(ProtocolIds.Particle, decoded.ProtocolVersion);
            decoded.Validate(key.PeerId);
        }, iter: 200);
    }

    [Fact]
    public void Kademlia_messages_round_trip()
    {
        var peers = Enumerable.Range(0, 5).Select(_ => KeyPair.Generate().PeerId).ToArray();
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[0, 5], Gen.Int[1, 65535]).Sample((key, count, port) =>
        {
            var closer = peers.Take(count).Select(p => new KadPeer(p, [Multiaddr.Parse($"/ip4/10.0.0.1/tcp/{port}")])).ToList();
            var decoded = KadMessage.Decode(new KadMessage(KadMessageType.FindNode, key, closer).Encode());
            Assert.Equal(KadMessageType.FindNode, decoded.Type);
            Assert.Equal(key, decoded.Key);
            Assert.Equal(closer.Select(c => c.Id), decoded.CloserPeers.Select(c => c.Id));
            Assert.Equal(closer.SelectMany(c => c.Addresses), decoded.CloserPeers.SelectMany(c => c.Addresses));
        }, iter: 200);
    }

    [Fact]
    public void Kademlia_bucket_index_is_the_bit_length_of_the_xor_distance()
    {
        Gen.Select(Gen.Byte.Array[1, 40], Gen.Byte.Array[1, 40]).Sample((a, b) =>
        {
            var x = KademliaKey.FromBytes(a);
            var y = KademliaKey.FromBytes(b);
            var distance = x.DistanceTo(y);
            Assert.Equal(distance, y.DistanceTo(x));
            Assert.Equal(distance.IsZero ? -1 : (int)distance.GetBitLength() - 1, x.BucketOf(y));
        });
    }
}
