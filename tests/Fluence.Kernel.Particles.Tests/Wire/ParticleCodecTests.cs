using System.Buffers;
using CsCheck;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Wire;
using MessagePack;

namespace Fluence.Kernel.Particles.Tests.Wire;

public sealed class ParticleCodecTests
{
    /// <summary>The frame js-client produced in Nox's codec test (fluence-protocol.md §1.2): length prefix, 81 04, msgpack.</summary>
    private const string JsClientFrame =
        "zwKBBIimYWN0aW9uqFBhcnRpY2xlpGRhdGGQomlk2SRkMjA1ZDE0OC00Y2YxLTRlNzYtOGY2ZS1mY" +
        "2U5ODEwZjVlNmOsaW5pdF9wZWVyX2lk2TQxMkQzS29vV0xMRjdnUUtiNzd4WEhWWm4zS1hhMTR4cDNSQmlBa2JuSzJVQ" +
        "lJwRGFSOEtipnNjcmlwdNk5KGNhbGwgJWluaXRfcGVlcl9pZCUgKCJnZXREYXRhU3J2IiAiLXJlbGF5LSIpIFtdIC1yZ" +
        "WxheS0pqXNpZ25hdHVyZdwAQG/MtlwBTizM4UtycW3M4DzM9RPMtsyYGsyNbcy5Msy/zO/MvHoyzL9nFTV4zNgfzNUWz" +
        "PDMwk7M08zwzMDMoszcFMyqeRnMyD/M9cyXEcz9zJzM8syNzIHM2czNzLXMnMznCql0aW1lc3RhbXDPAAABi/IqldOjd" +
        "HRsAA==";

    private readonly ParticleCodec _codec = new();

    [Fact]
    public void The_js_client_frame_decodes_to_the_particle_nox_expects()
    {
        var bytes = new ReadOnlySequence<byte>(Convert.FromBase64String(JsClientFrame));
        Assert.True(LengthPrefixedFrames.TryRead(ref bytes, ParticleCodec.DefaultMaxFrameSize, out var frame));
        Assert.Equal(0, bytes.Length);
        Assert.Equal(335, frame.Length);

        var particle = _codec.Decode(frame.ToArray());

        Assert.Equal("d205d148-4cf1-4e76-8f6e-fce9810f5e6c", particle.Id);
        Assert.Equal("12D3KooWLLF7gQKb77xXHVZn3KXa14xp3RBiAkbnK2UBRpDaR8Kb", particle.InitPeerId);
        Assert.Equal(1700574959059UL, particle.Timestamp);
        Assert.Equal(0U, particle.Ttl);
        Assert.Equal("(call %init_peer_id% (\"getDataSrv\" \"-relay-\") [] -relay-)", particle.Script);
        Assert.Equal(64, particle.Signature.Length);
        Assert.Equal(0, particle.Data.Length);
    }

    [Fact]
    public void The_js_client_signature_verifies_with_the_init_peer_key()
    {
        var bytes = new ReadOnlySequence<byte>(Convert.FromBase64String(JsClientFrame));
        LengthPrefixedFrames.TryRead(ref bytes, ParticleCodec.DefaultMaxFrameSize, out var frame);
        var particle = _codec.Decode(frame.ToArray());

        Assert.Equal(ParticleVerdict.Accepted, ParticleVerifier.CheckSignature(particle, out var reason));
        Assert.Null(reason);
    }

    [Fact]
    public void Encoding_writes_signature_and_data_as_bin_and_round_trips()
    {
        using var key = KeyPair.Generate();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(7), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000))
            with { Data = new byte[] { 1, 2, 255 } };

        var frame = _codec.Encode(particle);

        Assert.Equal(new byte[] { 0x81, 0x04 }, frame[..2]);
        var reader = new MessagePackReader(frame.AsMemory(2));
        int entries = reader.ReadMapHeader();
        Assert.Equal(8, entries);
        var types = new Dictionary<string, MessagePackType>();
        for (int i = 0; i < entries; i++)
        {
            var name = reader.ReadString()!;
            types[name] = reader.NextMessagePackType;
            reader.Skip();
        }
        Assert.Equal(MessagePackType.Binary, types["signature"]);
        Assert.Equal(MessagePackType.Binary, types["data"]);
        Assert.Equal(MessagePackType.Integer, types["timestamp"]);

        var decoded = _codec.Decode(frame);
        Assert.Equal(particle.Id, decoded.Id);
        Assert.Equal(particle.InitPeerId, decoded.InitPeerId);
        Assert.Equal(particle.Timestamp, decoded.Timestamp);
        Assert.Equal(particle.Ttl, decoded.Ttl);
        Assert.Equal(particle.Script, decoded.Script);
        Assert.Equal(particle.Signature.ToArray(), decoded.Signature.ToArray());
        Assert.Equal(particle.Data.ToArray(), decoded.Data.ToArray());
    }

    [Fact]
    public void Decoding_a_frame_without_the_msgpack_multicodec_fails_with_a_clear_error()
    {
        var frame = _codec.Encode(SampleParticle());
        frame[0] = 0x7b; // '{' — the JSON encoding of Nox before 2024

        var error = Assert.Throws<ParticleFormatException>(() => _codec.Decode(frame));
        Assert.Contains("multicodec", error.Message);
    }

    [Fact]
    public void Decoding_a_truncated_frame_fails_with_a_clear_error()
    {
        var frame = _codec.Encode(SampleParticle());

        var error = Assert.Throws<ParticleFormatException>(() => _codec.Decode(frame.AsMemory(0, frame.Length - 10)));
        Assert.Contains("malformed particle message", error.Message);
    }

    [Fact]
    public void Decoding_a_message_without_a_field_names_the_field()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(ParticleCodec.MessagePackMulticodec);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(2);
        writer.Write("action");
        writer.Write("Particle");
        writer.Write("id");
        writer.Write("x");
        writer.Flush();

        var error = Assert.Throws<ParticleFormatException>(() => _codec.Decode(buffer.WrittenMemory));
        Assert.Contains("'init_peer_id'", error.Message);
    }


    [Fact]
    public void A_message_whose_action_is_not_Particle_is_refused_naming_the_action()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(ParticleCodec.MessagePackMulticodec);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write("action");
        writer.Write("Particles");
        writer.Flush();

        var error = Assert.Throws<ParticleFormatException>(() => _codec.Decode(buffer.WrittenMemory));
        Assert.Equal("unsupported action 'Particles'", error.Message);
    }

    [Fact]
    public void Unknown_keys_are_skipped_and_a_later_action_decides()
    {
        var particle = SampleParticle();
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(ParticleCodec.MessagePackMulticodec);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(11);
        writer.Write("action");
        writer.Write("Other");
        writer.Write("id");
        writer.Write(particle.Id);
        writer.Write("idx");
        writer.Write(new byte[] { 1, 2 });
        writer.Write("init_peer_id");
        writer.Write(particle.InitPeerId);
        writer.Write("timestamp");
        writer.Write(particle.Timestamp);
        writer.Write("ttl");
        writer.Write(particle.Ttl);
        writer.Write("script");
        writer.Write(particle.Script);
        writer.Write("signature");
        writer.Write(particle.Signature.Span);
        writer.Write("data");
        writer.Write(particle.Data.Span);
        writer.Write("");
        writer.WriteNil();
        writer.Write("action");
        writer.Write("Particle");
        writer.Flush();

        var decoded = _codec.Decode(buffer.WrittenMemory);

        Assert.Equal(particle.Id, decoded.Id);
        Assert.Equal(particle.Script, decoded.Script);
        Assert.Equal(particle.Signature.ToArray(), decoded.Signature.ToArray());
    }

    [Fact]
    public void A_map_key_that_is_not_a_string_fails_with_a_clear_error()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(ParticleCodec.MessagePackMulticodec);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(1);
        writer.Write(7);
        writer.Write("Particle");
        writer.Flush();

        var error = Assert.Throws<ParticleFormatException>(() => _codec.Decode(buffer.WrittenMemory));
        Assert.Contains("'map key' is a Integer, expected a string", error.Message);
    }
    [Fact]
    public void A_frame_larger_than_the_configured_maximum_is_refused()
    {
        var codec = new ParticleCodec(maxFrameSize: 100);
        var frame = codec.Encode(SampleParticle() with { Data = new byte[200] });

        var error = Assert.Throws<ParticleFormatException>(() => codec.Decode(frame));
        Assert.Contains("exceeds the maximum", error.Message);
    }

    [Fact]
    public void Decoding_garbage_only_ever_fails_with_a_format_error()
    {
        Gen.Byte.Array[0, 512].Sample(bytes =>
        {
            byte[] frame = [0x81, 0x04, .. bytes];
            try
            {
                _codec.Decode(frame);
            }
            catch (ParticleFormatException)
            {
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Decoding_mutated_valid_frames_only_ever_fails_with_a_format_error()
    {
        var valid = _codec.Encode(SampleParticle());
        Gen.Select(Gen.Int[2, valid.Length - 1], Gen.Byte, Gen.Int[0, valid.Length]).Sample((position, value, cut) =>
        {
            var frame = valid.ToArray();
            frame[position] = value;
            try
            {
                _codec.Decode(frame.AsMemory(0, Math.Max(2, cut)));
            }
            catch (ParticleFormatException)
            {
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Any_particle_round_trips_through_the_codec()
    {
        Gen.Select(Gen.String, Gen.String, Gen.ULong, Gen.UInt, Gen.Byte.Array[0, 64], Gen.Byte.Array[0, 256])
            .Sample((id, script, timestamp, ttl, signature, data) =>
            {
                var particle = new Particle(id, "12D3KooWLLF7gQKb77xXHVZn3KXa14xp3RBiAkbnK2UBRpDaR8Kb", timestamp, ttl, script, signature, data);
                var decoded = _codec.Decode(_codec.Encode(particle));
                return decoded.Id == id && decoded.Script == script && decoded.Timestamp == timestamp && decoded.Ttl == ttl
                       && decoded.Signature.Span.SequenceEqual(signature) && decoded.Data.Span.SequenceEqual(data);
            }, iter: 2_000);
    }

    internal static Particle SampleParticle()
    {
        using var key = KeyPair.FromBase64("7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=");
        return ParticleSigner.Create(key, "(call %init_peer_id% (\"op\" \"noop\") [])", TimeSpan.FromSeconds(7),
            DateTimeOffset.FromUnixTimeMilliseconds(1_696_934_545_662), "2883f959-e9e7-4843-8c37-205d393ca372");
    }
}
