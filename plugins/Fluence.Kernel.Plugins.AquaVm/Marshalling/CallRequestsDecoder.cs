using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles;
using MessagePack;

namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// Decodes the <c>call_requests</c> bytes of an outcome: <c>81 04</c> + a MessagePack map from the call id (u32) to
/// <c>{service_id, function_name, arguments: bin, tetraplets: bin}</c>, where <c>arguments</c> is itself a MessagePack
/// array of the argument values and <c>tetraplets</c> an array (one per argument) of arrays of
/// <c>{peer_pk, service_id, function_name, lens}</c>. Structs are accepted as maps (rmp_serde "named") or arrays.
/// </summary>
internal static class CallRequestsDecoder
{
    private static readonly IReadOnlyDictionary<uint, CallRequest> None = new Dictionary<uint, CallRequest>();

    public static IReadOnlyDictionary<uint, CallRequest> Decode(ReadOnlyMemory<byte> bytes)
    {
        // An outcome of a failed preparation may carry no bytes at all.
        if (bytes.IsEmpty)
            return None;
        var payload = MultiformatPrefix.Strip(bytes, "call_requests");
        try
        {
            var reader = new MessagePackReader(payload);
            var count = reader.ReadMapHeader();
            if (count == 0)
                return None;
            var requests = new Dictionary<uint, CallRequest>(count);
            for (var i = 0; i < count; i++)
            {
                var id = ReadCallId(ref reader);
                if (!requests.TryAdd(id, ReadRequest(ref reader)))
                    throw new FormatException($"call request id {id} appears twice");
            }
            if (!reader.End)
                throw new FormatException($"{reader.Sequence.Length - reader.Consumed} trailing bytes after the map");
            return requests;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw new FormatException($"call_requests are not a valid MessagePack map of call requests: {ex.Message}", ex);
        }
    }

    private static uint ReadCallId(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            var text = reader.ReadString();
            return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new FormatException($"call request id '{text}' is not a u32");
        }
        return reader.ReadUInt32();
    }

    private static CallRequest ReadRequest(ref MessagePackReader reader)
    {
        string? serviceId = null, functionName = null;
        ReadOnlyMemory<byte>? arguments = null, tetraplets = null;
        if (reader.NextMessagePackType == MessagePackType.Array)
        {
            if (reader.ReadArrayHeader() != 4)
                throw new FormatException("a call request array must have 4 fields");
            serviceId = reader.ReadString();
            functionName = reader.ReadString();
            arguments = ReadByteField(ref reader, "arguments");
            tetraplets = ReadByteField(ref reader, "tetraplets");
        }
        else
        {
            var fields = reader.ReadMapHeader();
            for (var f = 0; f < fields; f++)
            {
                var key = ReadKey(ref reader);
                if (key.SequenceEqual("service_id"u8))
                    serviceId = reader.ReadString();
                else if (key.SequenceEqual("function_name"u8))
                    functionName = reader.ReadString();
                else if (key.SequenceEqual("arguments"u8))
                    arguments = ReadByteField(ref reader, "arguments");
                else if (key.SequenceEqual("tetraplets"u8))
                    tetraplets = ReadByteField(ref reader, "tetraplets");
                else
                    reader.Skip();
            }
        }
        if (serviceId is null || functionName is null || arguments is null || tetraplets is null)
            throw new FormatException("a call request lacks one of service_id, function_name, arguments, tetraplets");
        return new CallRequest(serviceId, functionName, DecodeArguments(arguments.Value), DecodeTetraplets(tetraplets.Value));
    }

    /// <summary>A byte field: msgpack bin, or (serde without serde_bytes) an array of small integers.</summary>
    private static ReadOnlyMemory<byte> ReadByteField(ref MessagePackReader reader, string name)
    {
        if (reader.NextMessagePackType == MessagePackType.Binary)
        {
            var sequence = reader.ReadBytes()!.Value;
            return sequence.IsSingleSegment ? sequence.First : BuffersExtensions.ToArray(sequence);
        }
        if (reader.NextMessagePackType == MessagePackType.Array)
        {
            var count = reader.ReadArrayHeader();
            var bytes = new byte[count];
            for (var i = 0; i < count; i++)
                bytes[i] = reader.ReadByte();
            return bytes;
        }
        throw new FormatException($"call request field '{name}' is {reader.NextMessagePackType}, expected bytes");
    }

    internal static IReadOnlyList<JsonNode?> DecodeArguments(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        var count = reader.ReadArrayHeader();
        var arguments = new JsonNode?[count];
        for (var i = 0; i < count; i++)
            arguments[i] = MessagePackJson.Read(ref reader);
        return arguments;
    }

    internal static IReadOnlyList<IReadOnlyList<SecurityTetraplet>> DecodeTetraplets(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        var count = reader.ReadArrayHeader();
        var perArgument = new IReadOnlyList<SecurityTetraplet>[count];
        for (var i = 0; i < count; i++)
        {
            var inner = reader.ReadArrayHeader();
            var tetraplets = new SecurityTetraplet[inner];
            for (var j = 0; j < inner; j++)
                tetraplets[j] = ReadTetraplet(ref reader);
            perArgument[i] = tetraplets;
        }
        return perArgument;
    }

    private static SecurityTetraplet ReadTetraplet(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType == MessagePackType.Array)
        {
            if (reader.ReadArrayHeader() != 4)
                throw new FormatException("a tetraplet array must have 4 fields");
            return new SecurityTetraplet(reader.ReadString() ?? "", reader.ReadString() ?? "", reader.ReadString() ?? "", reader.ReadString() ?? "");
        }
        string peerPk = "", serviceId = "", functionName = "", lens = "";
        var fields = reader.ReadMapHeader();
        for (var f = 0; f < fields; f++)
        {
            var key = ReadKey(ref reader);
            if (key.SequenceEqual("peer_pk"u8))
                peerPk = reader.ReadString() ?? "";
            else if (key.SequenceEqual("service_id"u8))
                serviceId = reader.ReadString() ?? "";
            else if (key.SequenceEqual("function_name"u8))
                functionName = reader.ReadString() ?? "";
            else if (key.SequenceEqual("lens"u8) || key.SequenceEqual("json_path"u8))
                lens = reader.ReadString() ?? "";
            else
                reader.Skip();
        }
        return new SecurityTetraplet(peerPk, serviceId, functionName, lens);
    }

    /// <summary>
    /// A map key as UTF-8 bytes, compared without making a string (a call request has 4 keys and each tetraplet 4 more).
    /// A nil key matches nothing, as the null string did.
    /// </summary>
    private static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        if (reader.TryReadStringSpan(out var span))
            return span;
        return reader.ReadStringSequence() is { } sequence ? BuffersExtensions.ToArray(sequence) : [];
    }
}
