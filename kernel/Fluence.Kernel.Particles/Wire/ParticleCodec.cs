using System.Buffers;
using System.Text;
using MessagePack;

namespace Fluence.Kernel.Particles.Wire;

/// <summary>
/// The particle frame of <c>/fluence/particle/2.0.0</c> without its length prefix: multicodec <c>0x0201</c>
/// (MessagePack, bytes <c>81 04</c>) followed by a MessagePack map with string keys: <c>action = "Particle"</c> and the
/// seven particle fields. Writes <c>signature</c>/<c>data</c> as bin (what Nox writes and js-client requires);
/// reads bin or arrays of integers (what js-client writes).
/// </summary>
public sealed class ParticleCodec
{
    /// <summary>Nox's limit for one frame.</summary>
    public const int DefaultMaxFrameSize = 100 * 1024 * 1024;

    /// <summary>Unsigned varint of multicodec 0x0201 (messagepack).</summary>
    public static ReadOnlySpan<byte> MessagePackMulticodec => [0x81, 0x04];

    private const string ParticleAction = "Particle";

    public ParticleCodec(int maxFrameSize = DefaultMaxFrameSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, 64);
        MaxFrameSize = maxFrameSize;
    }

    public int MaxFrameSize { get; }

    /// <summary>Scratch buffers above this size are not kept for the next frame of the thread.</summary>
    private const int MaxKeptScratch = 1024 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    /// <summary>The frame as a new array of its exact size (encoded in a per-thread scratch buffer: one allocation per frame).</summary>
    public byte[] Encode(Particle particle)
    {
        var buffer = _scratch ?? new ArrayBufferWriter<byte>(4096);
        _scratch = null;
        try
        {
            Encode(particle, buffer);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxKeptScratch)
            {
                buffer.ResetWrittenCount();
                _scratch = buffer;
            }
        }
    }

    public void Encode(Particle particle, IBufferWriter<byte> destination)
    {
        destination.Write(MessagePackMulticodec);
        var writer = new MessagePackWriter(destination);
        writer.WriteMapHeader(8);
        writer.Write("action");
        writer.Write(ParticleAction);
        writer.Write("id");
        writer.Write(particle.Id);
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
        writer.Flush();
    }

    /// <summary>Decodes one frame; any defect is a <see cref="ParticleFormatException"/>, never another exception.</summary>
    public Particle Decode(ReadOnlyMemory<byte> frame)
    {
        if (frame.Length > MaxFrameSize)
            throw new ParticleFormatException($"particle frame of {frame.Length} bytes exceeds the maximum of {MaxFrameSize}");
        if (frame.Length < 2 || !frame.Span[..2].SequenceEqual(MessagePackMulticodec))
            throw new ParticleFormatException("particle frame does not start with the messagepack multicodec (81 04)");
        try
        {
            return ReadParticle(new MessagePackReader(frame[2..]));
        }
        catch (ParticleFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException
                                   or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ParticleFormatException($"malformed particle message: {e.Message}", e);
        }
    }

    public bool TryDecode(ReadOnlyMemory<byte> frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Particle? particle, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        try
        {
            particle = Decode(frame);
            error = null;
            return true;
        }
        catch (ParticleFormatException e)
        {
            particle = null;
            error = e.Message;
            return false;
        }
    }

    private static Particle ReadParticle(MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
            throw new ParticleFormatException($"particle message is a {reader.NextMessagePackType}, expected a map");
        int count = reader.ReadMapHeader();
        string? action = null, id = null, initPeerId = null, script = null;
        ulong? timestamp = null;
        uint? ttl = null;
        byte[]? signature = null, data = null;
        bool isParticle = false;
        for (int i = 0; i < count; i++)
        {
            // Keys compared as UTF-8 bytes: eight key strings per frame would be garbage at once.
            var key = ReadKey(ref reader);
            if (key.SequenceEqual("action"u8))
            {
                isParticle = IsParticleAction(ref reader, out action);
            }
            else if (key.SequenceEqual("id"u8))
                id = ReadString(ref reader, "id");
            else if (key.SequenceEqual("init_peer_id"u8))
                initPeerId = ReadRepeatedString(ref reader, "init_peer_id");
            else if (key.SequenceEqual("timestamp"u8))
                timestamp = reader.ReadUInt64();
            else if (key.SequenceEqual("ttl"u8))
                ttl = reader.ReadUInt32();
            else if (key.SequenceEqual("script"u8))
                script = ReadRepeatedString(ref reader, "script");
            else if (key.SequenceEqual("signature"u8))
                signature = ReadBytes(ref reader, "signature");
            else if (key.SequenceEqual("data"u8))
                data = ReadBytes(ref reader, "data");
            else
                reader.Skip();
        }
        if (!isParticle)
            throw new ParticleFormatException(action is null ? "particle message has no 'action'" : $"unsupported action '{action}'");
        return new Particle(
            id ?? throw Missing("id"),
            initPeerId ?? throw Missing("init_peer_id"),
            timestamp ?? throw Missing("timestamp"),
            ttl ?? throw Missing("ttl"),
            script ?? throw Missing("script"),
            signature ?? throw Missing("signature"),
            data ?? throw Missing("data"));
    }

    private static ParticleFormatException Missing(string field) => new($"particle message has no '{field}'");

    private static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
            throw new ParticleFormatException($"'map key' is a {reader.NextMessagePackType}, expected a string");
        if (reader.TryReadStringSpan(out var span))
            return span;
        // A key split across buffer segments (not from a single frame array): copied.
        return reader.ReadStringSequence() is { } sequence ? BuffersExtensions.ToArray(sequence) : [];
    }

    /// <summary>Whether the action is <c>Particle</c>; the action's text is only materialized when it is not.</summary>
    private static bool IsParticleAction(ref MessagePackReader reader, out string? action)
    {
        if (reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var span))
        {
            bool isParticle = span.SequenceEqual("Particle"u8);
            action = isParticle ? ParticleAction : Encoding.UTF8.GetString(span);
            return isParticle;
        }
        action = ReadString(ref reader, "action");
        return action == ParticleAction;
    }

    /// <summary>A field whose text a peer sees again and again (scripts, init peer ids): one shared string per text.</summary>
    private static string ReadRepeatedString(ref MessagePackReader reader, string what)
    {
        if (reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var span))
            return RepeatedText.Get(span);
        return ReadString(ref reader, what);
    }

    private static string ReadString(ref MessagePackReader reader, string what)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
            throw new ParticleFormatException($"'{what}' is a {reader.NextMessagePackType}, expected a string");
        return reader.ReadString()!;
    }

    /// <summary>Byte fields: msgpack bin (Nox) or an array of integers 0..255 (js-client).</summary>
    private static byte[] ReadBytes(ref MessagePackReader reader, string what)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Binary:
                return reader.ReadBytes()?.ToArray() ?? [];
            case MessagePackType.Array:
                int length = reader.ReadArrayHeader();
                var bytes = new byte[length];
                for (int i = 0; i < length; i++)
                    bytes[i] = reader.ReadByte();
                return bytes;
            default:
                throw new ParticleFormatException($"'{what}' is a {reader.NextMessagePackType}, expected bin or an array of bytes");
        }
    }
}
