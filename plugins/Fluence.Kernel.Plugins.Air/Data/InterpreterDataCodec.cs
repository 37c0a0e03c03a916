using System.Buffers;
using MessagePack;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Reads and writes InterpreterData as AquaVM 0.62 does (aquavm.md §3.1–3.2): a MessagePack map
/// <c>{version, interpreter_version, inner_data}</c> around an rkyv 0.7 archive. Decoding real AquaVM data and encoding
/// it again gives the same bytes. Bad input raises <see cref="InterpreterDataException"/> only.
/// </summary>
public static class InterpreterDataCodec
{
    private static readonly Version MinimumInterpreterVersion = new(0, 61, 0);

    /// <summary>Empty input is empty data (AquaVM accepts it without an envelope).</summary>
    public static InterpreterData Decode(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
            return new InterpreterData();
        var (version, interpreterVersion, inner) = ReadEnvelope(data);
        if (!System.Version.TryParse(interpreterVersion, out var parsed) || parsed < MinimumInterpreterVersion)
            throw new InterpreterDataException(InterpreterDataException.UnsupportedInterpreterVersion,
                $"data of interpreter version '{interpreterVersion}' is not supported; at least {MinimumInterpreterVersion} is required");
        return ArchiveReader.Read(inner, version, interpreterVersion);
    }

    /// <param name="data">What to write.</param>
    /// <param name="sizeHint">The expected size of the archive (e.g. the size of the data it was merged from).</param>
    public static byte[] Encode(InterpreterData data, int sizeHint = 4096)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var archive = ArchiveWriter.Start(data, sizeHint);
        var inner = archive.Written;
        var header = new ArrayBufferWriter<byte>(128);
        var writer = new MessagePackWriter(header);
        writer.WriteMapHeader(3);
        writer.Write("version");
        writer.Write(data.Version);
        writer.Write("interpreter_version");
        writer.Write(data.InterpreterVersion);
        writer.Write("inner_data");
        writer.WriteBinHeader(inner.Length);
        writer.Flush();
        var output = new byte[header.WrittenCount + inner.Length];
        header.WrittenSpan.CopyTo(output);
        inner.CopyTo(output.AsSpan(header.WrittenCount));
        return output;
    }

    private static (string Version, string InterpreterVersion, ReadOnlyMemory<byte> Inner) ReadEnvelope(ReadOnlyMemory<byte> data)
    {
        string? version = null, interpreterVersion = null;
        ReadOnlyMemory<byte>? inner = null;
        try
        {
            var reader = new MessagePackReader(data);
            var count = reader.ReadMapHeader();
            for (var i = 0; i < count; i++)
            {
                switch (reader.ReadString())
                {
                    case "version": version = reader.ReadString(); break;
                    case "interpreter_version": interpreterVersion = reader.ReadString(); break;
                    case "inner_data": inner = Contiguous(reader.ReadBytes()); break;
                    default: reader.Skip(); break;
                }
            }
            if (!reader.End)
                throw Envelope("trailing bytes after the envelope");
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw Envelope(e.Message);
        }
        if (version is null || interpreterVersion is null || inner is null)
            throw Envelope("the envelope needs version, interpreter_version and inner_data");
        return (version, interpreterVersion, inner.Value);
    }

    // The archive in place when the input is one buffer (as it is from a ReadOnlyMemory); a copy otherwise.
    private static ReadOnlyMemory<byte>? Contiguous(ReadOnlySequence<byte>? bytes) =>
        bytes is not { } sequence ? null : sequence.IsSingleSegment ? sequence.First : sequence.ToArray();

    private static InterpreterDataException Envelope(string message) =>
        new(InterpreterDataException.EnvelopeDeserialization, "envelope deserialization failed: " + message);
}
