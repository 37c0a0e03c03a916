using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Fluence.Kernel.Plugins.Air.Execution;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// AquaVM's error for an envelope it cannot read, found by reading the bytes again the way its MessagePack deserializer
/// does (only once the envelope has failed: ordinary reads never come here). Its envelope is a map whose inner_data is a
/// field of its own and whose two versions are a flattened struct: every other entry is read into a buffer first (any
/// MessagePack value), inner_data is checked ("missing field `inner_data`") before the versions are taken from that
/// buffer, and a value of a wrong type is named as serde names it. Whether the failure is code 3 or 4 depends on a
/// second read of the versions alone (<see cref="VersionsOf"/>); the message is that of the first read either way.
/// </summary>
internal static class EnvelopeError
{
    private const string InnerData = "inner_data";
    private const string Version = "version";
    private const string InterpreterVersion = "interpreter_version";

    /// <summary>AquaVM's error for <paramref name="data"/>, or null where its reader finds none.</summary>
    public static InterpreterDataException? Of(ReadOnlySpan<byte> data)
    {
        string error;
        try
        {
            var reader = new Reader(data);
            error = EnvelopeRead(ref reader) ?? "";
        }
        catch (ReadFailure failure)
        {
            error = failure.DebugText;
        }
        if (error.Length == 0)
            return null;
        var versions = VersionsOf(data);
        if (versions is not var (version, interpreterVersion))
            return new InterpreterDataException(InterpreterDataException.EnvelopeDeserialization,
                $"an error occurred while envelope deserialization: Envelope({error}).\n" +
                $"AquaVM version is {InterpreterData.CurrentInterpreterVersion} and it expects {InterpreterData.CurrentVersion} version.");
        return new InterpreterDataException(InterpreterDataException.EnvelopeWithKnownVersions,
            $"an error occurred while data deserialization: Envelope({error}).\n" +
            $"AquaVM's version is {InterpreterData.CurrentInterpreterVersion} and it expects data of {InterpreterData.CurrentVersion} version.\n" +
            $"Supplied data version is {version}, it's produced by AquaVM of {interpreterVersion} version.");
    }

    // The first read: the envelope with inner_data and the flattened versions. Its error as the Debug text of the
    // deserializer's error (Syntax("…"), InvalidDataRead(…), …), or null.
    private static string? EnvelopeRead(ref Reader reader)
    {
        var marker = reader.Marker();
        if (Reader.MapLength(marker, ref reader) is not { } count)
            return Syntax($"invalid type: {reader.TopLevelUnexpected(marker)}, expected struct InterpreterDataEnvelope");
        var buffered = new List<(Value Key, Value Value)>();
        var innerSeen = false;
        for (long i = 0; i < count; i++)
        {
            var key = reader.Key("field identifier");
            if (key.Is(InnerData))
            {
                if (innerSeen)
                    return Syntax($"duplicate field `{InnerData}`");
                innerSeen = true;
                if (reader.ByteArray() is { } typeError)
                    return Syntax(typeError);
            }
            else
            {
                buffered.Add((key, reader.Any()));
            }
        }
        if (!innerSeen)
            return Syntax($"missing field `{InnerData}`");
        bool versionSeen = false, interpreterVersionSeen = false;
        foreach (var (key, value) in buffered)
        {
            // The flattened struct takes the entries whose key is one of its fields' names (as text).
            ref var seen = ref versionSeen;
            if (key.Text == InterpreterVersion)
                seen = ref interpreterVersionSeen;
            else if (key.Text != Version)
                continue;
            if (seen)
                return Syntax($"duplicate field `{key.Text}`");
            seen = true;
            if (value.Type != ValueType.String || value.Text is not { } text)
                return Syntax($"invalid type: {value.Unexpected}, expected semver version");
            if (!SemanticVersion.TryParse(text, out _, out var error))
                return Syntax(error);
        }
        return !versionSeen ? Syntax($"missing field `{Version}`")
            : !interpreterVersionSeen ? Syntax($"missing field `{InterpreterVersion}`")
            : null;
    }

    /// <summary>
    /// The second read, of the versions alone (a struct that skips other entries, and whose fields an unsigned integer
    /// key names by index): both versions' texts, or null where they cannot be read (code 3 then, not 4).
    /// </summary>
    private static (string Version, string InterpreterVersion)? VersionsOf(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Reader(data);
            var marker = reader.Marker();
            string? version = null, interpreterVersion = null;
            if (Reader.MapLength(marker, ref reader) is not { } count)
                return null;
            for (long i = 0; i < count; i++)
            {
                var key = reader.Any();
                var field = key.Type is ValueType.String or ValueType.Bytes ? key.Text ?? ""
                    : key.Unsigned is { } index ? index switch { 0 => Version, 1 => InterpreterVersion, _ => "" }
                    : null;
                if (field is null)
                    return null;
                var value = reader.Any();
                if (field is not (Version or InterpreterVersion))
                    continue;
                if ((field == Version ? version : interpreterVersion) is not null || value.Type != ValueType.String || value.Text is not { } text || !SemanticVersion.TryParse(text, out _, out _))
                    return null;
                if (field == Version)
                    version = text;
                else
                    interpreterVersion = text;
            }
            return version is null || interpreterVersion is null ? null : (version, interpreterVersion);
        }
        catch (ReadFailure)
        {
            return null;
        }
    }

    private static string Syntax(string message) => $"Syntax({RustDebugText.String(message)})";

    /// <summary>The deserializer failed below serde (the input ended, a reserved marker, …): its error's Debug text.</summary>
    private sealed class ReadFailure(string debugText) : Exception(debugText)
    {
        public string DebugText { get; } = debugText;
    }

    private enum ValueType { String, Bytes, Integer, Other }

    /// <summary>
    /// A value as the deserializer gives it to serde: its type (a str that is not UTF-8 is bytes), its text (of a string,
    /// or of bytes that are UTF-8: how a key is matched to a field name), its integer, and how serde names it as an
    /// unexpected value.
    /// </summary>
    /// <remarks>
    /// A str that is not UTF-8 is offered to serde as bytes; where bytes are not taken either, the deserializer fails with
    /// its UTF-8 error (<see cref="Utf8Error"/>).
    /// </remarks>
    private readonly record struct Value(string Unexpected, ValueType Type = ValueType.Other, string? Text = null, ulong? Unsigned = null, long? Signed = null, string? Utf8Error = null)
    {
        /// <summary>The value where serde takes no bytes: its name as an unexpected value, or the UTF-8 error.</summary>
        public string Rejected => Utf8Error is null ? Unexpected : throw new ReadFailure(Utf8Error);

        public bool Is(string name) => Text == name;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        // The input ending under a marker or a number (read as a fixed-size buffer), and under a str's or bin's bytes.
        private const string BufferEof = "Error { kind: UnexpectedEof, message: \"failed to fill whole buffer\" }";
        private const string BytesEof = "Kind(UnexpectedEof)";
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public byte Marker() =>
            _at < _data.Length ? _data[_at++] : throw new ReadFailure($"InvalidMarkerRead({BufferEof})");

        private ReadOnlySpan<byte> Take(long length, string eof = BytesEof)
        {
            if (length > _data.Length - _at)
                throw new ReadFailure($"InvalidDataRead({eof})");
            var taken = _data.Slice(_at, (int)length);
            _at += (int)length;
            return taken;
        }

        private ulong Big(int size)
        {
            var bytes = Take(size, BufferEof);
            return size switch
            {
                1 => bytes[0],
                2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
                4 => BinaryPrimitives.ReadUInt32BigEndian(bytes),
                _ => BinaryPrimitives.ReadUInt64BigEndian(bytes),
            };
        }

        /// <summary>The entry count of a map marker (reading its length), or null for a marker of another type.</summary>
        public static long? MapLength(byte marker, ref Reader reader) => marker switch
        {
            >= 0x80 and <= 0x8f => marker & 0x0f,
            0xde => (long)reader.Big(2),
            0xdf => (long)reader.Big(4),
            _ => null,
        };

        /// <summary>The envelope itself of another type than a map: what serde names it (a sequence's elements are not read).</summary>
        public string TopLevelUnexpected(byte marker)
        {
            if (marker is 0xdc or 0xdd)
                Big(marker == 0xdc ? 2 : 4);
            return marker is (>= 0x90 and <= 0x9f) or 0xdc or 0xdd ? "sequence" : ValueOf(marker).Rejected;
        }

        /// <summary>A map key as serde's field identifier of a struct with a flattened field takes it: any scalar.</summary>
        public Value Key(string expected)
        {
            var marker = Marker();
            if (marker is (>= 0x80 and <= 0x9f) or 0xdc or 0xdd or 0xde or 0xdf)
            {
                var kind = marker is (>= 0x80 and <= 0x8f) or 0xde or 0xdf ? "map" : "sequence";
                throw new ReadFailure(Syntax($"invalid type: {kind}, expected {expected}"));
            }
            return ValueOf(marker);
        }

        /// <summary>inner_data's value: bytes (bin, the bytes of a str, or an array of integers that are bytes); else the error.</summary>
        public string? ByteArray()
        {
            var marker = Marker();
            long? length = marker switch
            {
                >= 0x90 and <= 0x9f => marker & 0x0f,
                0xdc => (long)Big(2),
                0xdd => (long)Big(4),
                _ => null,
            };
            if (length is not { } count)
            {
                var value = ValueOf(marker);
                return value.Type is ValueType.String or ValueType.Bytes ? null : $"invalid type: {value.Unexpected}, expected a byte array";
            }
            for (long i = 0; i < count; i++)
            {
                var element = Any();
                if (element.Type != ValueType.Integer)
                    return $"invalid type: {element.Rejected}, expected u8";
                if (element.Unsigned is not <= byte.MaxValue && element.Signed is not (>= 0 and <= byte.MaxValue))
                    return $"invalid value: {element.Unexpected}, expected u8";
            }
            return null;
        }

        /// <summary>Any value, read whole.</summary>
        public Value Any() => ValueOf(Marker());

        private Value ValueOf(byte marker)
        {
            switch (marker)
            {
                case <= 0x7f:
                    return Unsigned(marker);
                case >= 0x80 and <= 0x8f:
                    return Entries(marker & 0x0f);
                case >= 0x90 and <= 0x9f:
                    return Elements(marker & 0x0f);
                case >= 0xa0 and <= 0xbf:
                    return Text(marker & 0x1f);
                case 0xc0:
                    return new Value("unit value");
                case 0xc1:
                    throw new ReadFailure("TypeMismatch(Reserved)");
                case 0xc2 or 0xc3:
                    return new Value($"boolean `{(marker == 0xc3 ? "true" : "false")}`");
                case 0xc4 or 0xc5 or 0xc6:
                    return new Value("byte array", ValueType.Bytes, Utf8(Take((long)Big(marker == 0xc4 ? 1 : marker == 0xc5 ? 2 : 4))));
                case 0xc7 or 0xc8 or 0xc9:
                    return Extension((long)Big(marker == 0xc7 ? 1 : marker == 0xc8 ? 2 : 4));
                case 0xca:
                    return Float(BitConverter.Int32BitsToSingle((int)Big(4)));
                case 0xcb:
                    return Float(BitConverter.Int64BitsToDouble((long)Big(8)));
                case >= 0xcc and <= 0xcf:
                    return Unsigned(Big(1 << (marker - 0xcc)));
                case 0xd0:
                    return Signed((sbyte)Big(1));
                case 0xd1:
                    return Signed((short)Big(2));
                case 0xd2:
                    return Signed((int)Big(4));
                case 0xd3:
                    return Signed((long)Big(8));
                case >= 0xd4 and <= 0xd8:
                    return Extension(1 << (marker - 0xd4));
                case 0xd9 or 0xda or 0xdb:
                    return Text((long)Big(marker == 0xd9 ? 1 : marker == 0xda ? 2 : 4));
                case 0xdc or 0xdd:
                    return Elements((long)Big(marker == 0xdc ? 2 : 4));
                case 0xde or 0xdf:
                    return Entries((long)Big(marker == 0xde ? 2 : 4));
                default:
                    return Signed((sbyte)marker);
            }
        }

        private static Value Unsigned(ulong value) => new($"integer `{value}`", ValueType.Integer, Unsigned: value);

        private static Value Signed(long value) => new($"integer `{value}`", ValueType.Integer, Signed: value);

        private static Value Float(double value) => new($"floating point `{RustFloat(value)}`");

        private Value Text(long length)
        {
            var bytes = Take(length);
            // A str that is not UTF-8 is given to serde as bytes.
            return Utf8(bytes) is { } text
                ? new Value($"string {RustDebugText.String(text)}", ValueType.String, text)
                : new Value("byte array", ValueType.Bytes, Utf8Error: RustUtf8Error(bytes));
        }

        private Value Extension(long length)
        {
            Take(1 + length);
            return new Value("newtype struct");
        }

        private Value Elements(long count)
        {
            for (long i = 0; i < count; i++)
                Any();
            return new Value("sequence");
        }

        private Value Entries(long count)
        {
            for (long i = 0; i < count; i++)
            {
                Any();
                Any();
            }
            return new Value("map");
        }

        private static string? Utf8(ReadOnlySpan<byte> bytes)
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        // Rust's error for bytes that are not UTF-8: where the first bad sequence starts, and how many bytes of it are
        // bad (None where the input ends inside a sequence that could still be valid).
        private static string RustUtf8Error(ReadOnlySpan<byte> bytes)
        {
            var at = 0;
            while (at < bytes.Length)
            {
                var first = bytes[at];
                if (first < 0x80)
                {
                    at++;
                    continue;
                }
                var (width, low, high) = first switch
                {
                    >= 0xc2 and <= 0xdf => (2, 0x80, 0xbf),
                    0xe0 => (3, 0xa0, 0xbf),
                    0xed => (3, 0x80, 0x9f),
                    >= 0xe1 and <= 0xef => (3, 0x80, 0xbf),
                    0xf0 => (4, 0x90, 0xbf),
                    >= 0xf1 and <= 0xf3 => (4, 0x80, 0xbf),
                    0xf4 => (4, 0x80, 0x8f),
                    _ => (0, 0, 0),
                };
                if (width == 0)
                    return Utf8ErrorText(at, "Some(1)");
                for (var k = 1; k < width; k++)
                {
                    if (at + k >= bytes.Length)
                        return Utf8ErrorText(at, "None");
                    var next = bytes[at + k];
                    if (k == 1 ? next < low || next > high : (next & 0xc0) != 0x80)
                        return Utf8ErrorText(at, $"Some({k})");
                }
                at += width;
            }
            return Utf8ErrorText(at, "None");
        }

        private static string Utf8ErrorText(int validUpTo, string errorLength) =>
            $"Utf8Error(Utf8Error {{ valid_up_to: {validUpTo}, error_len: {errorLength} }})";

        // A float as Rust displays it (all digits, no exponent) with serde's ".0" when it has no decimal point.
        private static string RustFloat(double value)
        {
            if (double.IsNaN(value))
                return "NaN";
            if (double.IsInfinity(value))
                return value > 0 ? "inf" : "-inf";
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.Contains('E', StringComparison.Ordinal))
                text = Expanded(text);
            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        // "1.5E-07" → "0.00000015", "1E+20" → "100000000000000000000".
        private static string Expanded(string text)
        {
            var negative = text.StartsWith('-');
            var e = text.IndexOf('E', StringComparison.Ordinal);
            var mantissa = text[(negative ? 1 : 0)..e];
            var exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            var point = mantissa.IndexOf('.', StringComparison.Ordinal);
            var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
            var pointAt = (point < 0 ? mantissa.Length : point) + exponent;
            var expanded = pointAt <= 0 ? "0." + new string('0', -pointAt) + digits
                : pointAt >= digits.Length ? digits + new string('0', pointAt - digits.Length)
                : digits[..pointAt] + "." + digits[pointAt..];
            return (negative ? "-" : "") + expanded;
        }
    }
}
