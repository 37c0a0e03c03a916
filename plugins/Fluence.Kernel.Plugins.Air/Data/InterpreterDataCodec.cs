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
        string? innerOfOtherType = null;
        var versionsUnreadable = false;
        try
        {
            var reader = new MessagePackReader(data);
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                switch (Key(ref reader, ref versionsUnreadable))
                {
                    case "version": version = Semantic(reader.ReadString(), out _); break;
                    case "interpreter_version": interpreterVersion = Semantic(reader.ReadString(), out parsed); break;
                    case "inner_data" when reader.NextMessagePackType == MessagePackType.Binary: inner = Contiguous(reader.ReadBytes()); break;
                    // AquaVM reads the versions first, skipping inner_data's value whatever it is: a value it cannot
                    // take as bytes fails only its second read, with the versions known (code 4).
                    case "inner_data": inner = OtherType(ref reader, out innerOfOtherType); break;
                    default: reader.Skip(); break;
                }
            }
            // Bytes after the envelope's map are not read (AquaVM's reader stops there too).
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw Envelope(e.Message);
        }
        if (version is null || interpreterVersion is null)
            throw Envelope("the envelope needs version, interpreter_version and inner_data");
        // Versions that can be read make a failure "with known versions" (code 4), which names them; else it is code 3.
        if (inner is null && versionsUnreadable)
            throw new InterpreterDataException(InterpreterDataException.EnvelopeDeserialization,
                $"an error occurred while envelope deserialization: Envelope(Syntax(\"{innerOfOtherType ?? "missing field `inner_data`"}\")).\n" +
                $"AquaVM version is {InterpreterData.CurrentInterpreterVersion} and it expects {InterpreterData.CurrentVersion} version.");
        if (inner is null)
            throw new InterpreterDataException(InterpreterDataException.EnvelopeWithKnownVersions,
                $"an error occurred while data deserialization: Envelope(Syntax(\"{innerOfOtherType ?? "missing field `inner_data`"}\")).\n" +
                $"AquaVM's version is {InterpreterData.CurrentInterpreterVersion} and it expects data of {InterpreterData.CurrentVersion} version.\n" +
                $"Supplied data version is {version}, it's produced by AquaVM of {interpreterVersion} version.");
        return (version, (parsed, interpreterVersion), inner.Value);
    }

    // A key as AquaVM's reader takes it: a string, or (any integer) a key of no field, skipped. AquaVM reads the versions
    // again when the envelope fails, where an unsigned integer names a field by its index: 0 or 1 (a version's field
    // again) or a signed integer fails that read too (code 3 instead of 4).
    private static string? Key(ref MessagePackReader reader, ref bool versionsUnreadable)
    {
        if (reader.NextMessagePackType != MessagePackType.Integer)
            return reader.ReadString();
        if (IsSignedInteger(reader.NextCode))
        {
            reader.Skip();
            versionsUnreadable = true;
        }
        else if (reader.ReadUInt64() < 2)
        {
            versionsUnreadable = true;
        }
        return null;
    }

    // inner_data not as bin: the bytes of a str, or an array of integers that are bytes, as AquaVM takes them; for a
    // value of another type, the error AquaVM names it with (in `error`).
    private static ReadOnlyMemory<byte>? OtherType(ref MessagePackReader reader, out string? error)
    {
        error = null;
        var type = reader.NextMessagePackType;
        if (type == MessagePackType.String)
            return Contiguous(reader.ReadStringSequence());
        if (type == MessagePackType.Array)
        {
            var count = reader.ReadArrayHeader();
            var bytes = new byte[count];
            for (var i = 0; i < count; i++)
            {
                if (reader.NextMessagePackType != MessagePackType.Integer)
                    error ??= $"invalid type: {Unexpected(ref reader)}, expected u8";
                else if (reader.ReadInt64() is var value && value is >= 0 and <= byte.MaxValue)
                    bytes[i] = (byte)value;
                else
                    error ??= $"invalid value: integer `{value}`, expected u8";
            }
            return error is null ? bytes : (ReadOnlyMemory<byte>?)null;
        }
        error = $"invalid type: {Unexpected(ref reader)}, expected a byte array";
        return null;
    }

    // An integer MessagePack writes as signed (a negative fixint or an int type), which serde reads as i64.
    private static bool IsSignedInteger(byte code) =>
        code is >= MessagePackCode.MinNegativeFixInt or MessagePackCode.Int8 or MessagePackCode.Int16 or MessagePackCode.Int32 or MessagePackCode.Int64;

    // A value of an unexpected type, read past and named as serde names it.
    private static string Unexpected(ref MessagePackReader reader)
    {
        var type = reader.NextMessagePackType;
        var code = reader.NextCode;
        if (type == MessagePackType.Integer)
            return IsSignedInteger(code)
                ? $"integer `{reader.ReadInt64()}`"
                : $"integer `{reader.ReadUInt64()}`";
        var found = type switch
        {
            MessagePackType.Nil => "unit value",
            MessagePackType.Boolean => $"boolean `{(code == MessagePackCode.True ? "true" : "false")}`",
            MessagePackType.Float => "floating point",
            MessagePackType.Map => "map",
            MessagePackType.Extension => "newtype struct",
            _ => "value",
        };
        reader.Skip();
        return found;
    }

    // A version field: SemVer, or the envelope cannot be read (code 3, with the SemVer reader's message as AquaVM words it).
    private static string? Semantic(string? text, out SemanticVersion parsed)
    {
        parsed = default;
        if (text is null || SemanticVersion.TryParse(text, out parsed, out var error))
            return text;
        throw new InterpreterDataException(InterpreterDataException.EnvelopeDeserialization,
            $"an error occurred while envelope deserialization: Envelope(Syntax(\"{error.Replace("\\", "\\\\").Replace("\"", "\\\"")}\")).\n" +
            $"AquaVM version is {InterpreterData.CurrentInterpreterVersion} and it expects {InterpreterData.CurrentVersion} version.");
    }

    // The archive in place when the input is one buffer (as it is from a ReadOnlyMemory); a copy otherwise.
    private static ReadOnlyMemory<byte>? Contiguous(ReadOnlySequence<byte>? bytes) =>
        bytes is not { } sequence ? null : sequence.IsSingleSegment ? sequence.First : sequence.ToArray();

    private static InterpreterDataException Envelope(string message) =>
        new(InterpreterDataException.EnvelopeDeserialization, "envelope deserialization failed: " + message);
}
