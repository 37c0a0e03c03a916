using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MessagePack;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Reads and writes InterpreterData as AquaVM 0.62 does (aquavm.md §3.1–3.2): a MessagePack map
/// <c>{version, interpreter_version, inner_data}</c> around an rkyv 0.7 archive. Decoding real AquaVM data and encoding
/// it again gives the same bytes. Bad input raises <see cref="InterpreterDataException"/> only.
/// </summary>
public static class InterpreterDataCodec
{
    /// <summary>Empty input is empty data (AquaVM accepts it without an envelope).</summary>
    public static InterpreterData Decode(ReadOnlyMemory<byte> data) => Decode(data, checkInterpreterVersion: true);

    /// <param name="data">The envelope's bytes.</param>
    /// <param name="checkInterpreterVersion">
    /// Whether data of an interpreter before 0.61.0 is refused (code 6): AquaVM checks current_data only, and reads a
    /// peer's own prev_data whatever version it names.
    /// </param>
    internal static InterpreterData Decode(ReadOnlyMemory<byte> data, bool checkInterpreterVersion)
    {
        if (data.IsEmpty)
            return new InterpreterData();
        var (version, interpreterVersion, inner) = ReadEnvelope(data);
        if (checkInterpreterVersion && interpreterVersion.Parsed.IsBefore(0, 61, 0))
            throw new InterpreterDataException(InterpreterDataException.UnsupportedInterpreterVersion,
                $"supplied data was produced by `{interpreterVersion.Text}` version of interpreter, but minimum `0.61.0` version is required");
        return ArchiveReader.Read(inner, version, interpreterVersion.Text);
    }

    /// <summary>
    /// <see cref="Decode(ReadOnlyMemory{byte}, bool)"/> for a reader that changes nothing in the result: empty input gives
    /// the shared <see cref="InterpreterData.EmptyForReading"/> instead of a fresh instance (every first hop of a particle
    /// has empty prev_data, and a client's reply often empty current_data).
    /// </summary>
    internal static InterpreterData DecodeForReading(ReadOnlyMemory<byte> data, bool checkInterpreterVersion) =>
        data.IsEmpty ? InterpreterData.EmptyForReading : Decode(data, checkInterpreterVersion);

    /// <param name="data">What to write.</param>
    /// <param name="sizeHint">The expected size of the archive (e.g. the size of the data it was merged from).</param>
    public static byte[] Encode(InterpreterData data, int sizeHint = 4096) => Encode(data, sizeHint, [], []);

    /// <summary>
    /// <see cref="Encode(InterpreterData, int)"/>, also telling where the text of each of <paramref name="values"/> (values of
    /// <paramref name="data"/>'s value store) is in the output: its offset in <paramref name="textOffsets"/>, or -1.
    /// </summary>
    internal static byte[] Encode(InterpreterData data, int sizeHint, ReadOnlySpan<RawValue> values, Span<int> textOffsets)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var archive = ArchiveWriter.Start(data, sizeHint);
        // The envelope's MessagePack header written straight into the output, then the archive after it: one copy.
        // (By hand on purpose: MessagePackWriter over a buffer writer measured ≈ 0.5 KB more per invocation, and a second
        // mebibyte on a 1 MiB archive.)
        // Every byte is overwritten, so the (possibly large) output is not zeroed first.
        var headerLength = EnvelopeHeaderLength(data, archive.Length);
        var output = GC.AllocateUninitializedArray<byte>(headerLength + archive.Length);
        WriteEnvelopeHeader(data, archive.Length, output);
        archive.CopyTo(output.AsSpan(headerLength));
        for (var i = 0; i < values.Length; i++)
            textOffsets[i] = archive.TextPosition(values[i]) is var at and >= 0 ? headerLength + at : -1;
        return output;
    }

    private static int EnvelopeHeaderLength(InterpreterData data, int innerLength) =>
        1 + StringLength("version") + StringLength(data.Version) + StringLength("interpreter_version") + StringLength(data.InterpreterVersion) +
        StringLength("inner_data") + (innerLength <= byte.MaxValue ? 2 : innerLength <= ushort.MaxValue ? 3 : 5);

    // A MessagePack str: fixstr / str8 / str16 / str32 header, then UTF-8.
    private static int StringLength(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        return length + (length < 32 ? 1 : length <= byte.MaxValue ? 2 : length <= ushort.MaxValue ? 3 : 5);
    }

    private static void WriteEnvelopeHeader(InterpreterData data, int innerLength, Span<byte> output)
    {
        output[0] = 0x83; // fixmap of 3
        var at = 1;
        at += WriteString("version", output[at..]);
        at += WriteString(data.Version, output[at..]);
        at += WriteString("interpreter_version", output[at..]);
        at += WriteString(data.InterpreterVersion, output[at..]);
        at += WriteString("inner_data", output[at..]);
        if (innerLength <= byte.MaxValue)
        {
            output[at] = 0xc4;
            output[at + 1] = (byte)innerLength;
        }
        else if (innerLength <= ushort.MaxValue)
        {
            output[at] = 0xc5;
            BinaryPrimitives.WriteUInt16BigEndian(output[(at + 1)..], (ushort)innerLength);
        }
        else
        {
            output[at] = 0xc6;
            BinaryPrimitives.WriteUInt32BigEndian(output[(at + 1)..], (uint)innerLength);
        }
    }

    private static int WriteString(string text, Span<byte> output)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        int header;
        if (length < 32)
        {
            output[0] = (byte)(0xa0 | length);
            header = 1;
        }
        else if (length <= byte.MaxValue)
        {
            output[0] = 0xd9;
            output[1] = (byte)length;
            header = 2;
        }
        else if (length <= ushort.MaxValue)
        {
            output[0] = 0xda;
            BinaryPrimitives.WriteUInt16BigEndian(output[1..], (ushort)length);
            header = 3;
        }
        else
        {
            output[0] = 0xdb;
            BinaryPrimitives.WriteUInt32BigEndian(output[1..], (uint)length);
            header = 5;
        }
        return header + Encoding.UTF8.GetBytes(text, output[header..]);
    }

    private static (string Version, (SemanticVersion Parsed, string Text) InterpreterVersion, ReadOnlyMemory<byte> Inner) ReadEnvelope(ReadOnlyMemory<byte> data)
    {
        string? version = null, interpreterVersion = null;
        SemanticVersion parsed = default;
        ReadOnlyMemory<byte>? inner = null;
        try
        {
            var reader = new MessagePackReader(data);
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                switch (Key(ref reader))
                {
                    // A field twice fails AquaVM's read: its error is worked out below.
                    case "version" when version is null: version = reader.ReadString(); break;
                    case "interpreter_version" when interpreterVersion is null: interpreterVersion = reader.ReadString(); break;
                    case "inner_data" when inner is null && reader.NextMessagePackType == MessagePackType.Binary: inner = Contiguous(reader.ReadBytes()); break;
                    // AquaVM also takes inner_data as the bytes of a str, or as an array of integers that are bytes.
                    case "inner_data" when inner is null: inner = OtherType(ref reader) ?? throw Failed(data, "inner_data is no bytes"); break;
                    case "version" or "interpreter_version" or "inner_data": throw Failed(data, "a field is in the envelope twice");
                    default: reader.Skip(); break;
                }
            }
            // Bytes after the envelope's map are not read (AquaVM's reader stops there too).
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw Failed(data, e.Message);
        }
        if (version is null || interpreterVersion is null || inner is null
            || !SemanticVersion.TryParse(version, out _, out _) || !SemanticVersion.TryParse(interpreterVersion, out parsed, out _))
            throw Failed(data, "the envelope needs version, interpreter_version and inner_data as SemVer texts and bytes");
        return (version, (parsed, interpreterVersion), inner.Value);
    }

    // An envelope AquaVM cannot read either: its error, which a second, slower read works out (with this reader's
    // message in the unlikely case that read finds none).
    private static InterpreterDataException Failed(ReadOnlyMemory<byte> data, string message) =>
        EnvelopeError.Of(data.Span) ?? new InterpreterDataException(InterpreterDataException.EnvelopeDeserialization, "envelope deserialization failed: " + message);

    // A key: a string, or (any integer) a key of no field, skipped.
    private static string? Key(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Integer)
            return reader.ReadString();
        reader.Skip();
        return null;
    }

    // inner_data not as bin: the bytes of a str, or an array of integers that are bytes; null for anything else.
    private static ReadOnlyMemory<byte>? OtherType(ref MessagePackReader reader)
    {
        var type = reader.NextMessagePackType;
        if (type == MessagePackType.String)
            return Contiguous(reader.ReadStringSequence());
        if (type != MessagePackType.Array)
            return null;
        var count = reader.ReadArrayHeader();
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.Integer || reader.ReadInt64() is not (>= 0 and <= byte.MaxValue and var value))
                return null;
            bytes[i] = (byte)value;
        }
        return bytes;
    }

    // The archive in place when the input is one buffer (as it is from a ReadOnlyMemory); a copy otherwise.
    private static ReadOnlyMemory<byte>? Contiguous(ReadOnlySequence<byte>? bytes) =>
        bytes is not { } sequence ? null : sequence.IsSingleSegment ? sequence.First : sequence.ToArray();
}
