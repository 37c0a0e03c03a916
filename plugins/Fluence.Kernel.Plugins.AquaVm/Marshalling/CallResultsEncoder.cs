using System.Buffers;
using System.Globalization;
using Fluence.Kernel.Interpretation;
using MessagePack;

namespace Fluence.Kernel.Plugins.AquaVm.Marshalling;

/// <summary>
/// Encodes the <c>call_results</c> argument of <c>invoke</c>: <c>81 04</c> + a MessagePack map from the call id
/// (as a decimal string) to <c>{"ret_code": i32, "result": JSON text}</c>. An empty set still encodes the prefix and
/// an empty map (<c>81 04 80</c>): AquaVM rejects empty bytes with error 5.
/// </summary>
internal static class CallResultsEncoder
{
    /// <summary>What most invocations carry (a new particle, or only new data): no results.</summary>
    private static readonly byte[] NoResults = [0x81, 0x04, 0x80];

    public static ReadOnlyMemory<byte> Encode(IReadOnlyDictionary<uint, CallServiceResult> results)
    {
        if (results.Count == 0)
            return NoResults;
        // Ascending ids: the bytes are a pure function of the results, whatever the dictionary's order.
        var ids = new uint[results.Count];
        var n = 0;
        var size = 16;
        foreach (var (id, result) in results)
        {
            ids[n++] = id;
            size += 32 + result.Result.Length * 3;
        }
        Array.Sort(ids);
        var buffer = new ArrayBufferWriter<byte>(size);
        buffer.Write(MultiformatPrefix.MessagePack);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(ids.Length);
        foreach (var id in ids)
        {
            var result = results[id];
            writer.Write(id.ToString(CultureInfo.InvariantCulture));
            writer.WriteMapHeader(2);
            writer.Write("ret_code");
            writer.Write(result.RetCode);
            writer.Write("result");
            writer.Write(result.Result);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
