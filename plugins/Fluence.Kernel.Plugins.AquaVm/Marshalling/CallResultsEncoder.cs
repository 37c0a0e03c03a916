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
    public static byte[] Encode(IReadOnlyDictionary<uint, CallServiceResult> results)
    {
        var buffer = new ArrayBufferWriter<byte>(16 + results.Count * 64);
        buffer.Write(MultiformatPrefix.MessagePack);
        var writer = new MessagePackWriter(buffer);
        writer.WriteMapHeader(results.Count);
        // Ascending ids: the bytes are a pure function of the results, whatever the dictionary's order.
        foreach (var (id, result) in results.OrderBy(r => r.Key))
        {
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
