using System.Buffers;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// The CID of a service result an invocation adds, made with one allocation (the CID text): its JSON is written as
/// UTF-8 straight into a stack or pooled buffer, with no intermediate strings or builders. The same value as
/// <see cref="AquaCid.Of(ServiceResult)"/>'s (which stays the reference for decoded data and for unusual texts).
/// </summary>
internal static class StoreCids
{
    // {"value_cid":"…","argument_hash":"…","tetraplet_cid":"…"}: serde writes the fields in declaration order.
    private static ReadOnlySpan<byte> ValueCidKey => "{\"value_cid\":\""u8;
    private static ReadOnlySpan<byte> ArgumentHashKey => "\",\"argument_hash\":\""u8;
    private static ReadOnlySpan<byte> TetrapletCidKey => "\",\"tetraplet_cid\":\""u8;
    private static ReadOnlySpan<byte> End => "\"}"u8;

    /// <summary>The CID of a service result (what <see cref="AquaCid.Of(ServiceResult)"/> gives).</summary>
    public static string Of(ServiceResult result)
    {
        string value = result.ValueCid.Value, argument = result.ArgumentHash.Value, tetraplet = result.TetrapletCid.Value;
        // CIDs this peer made are plain ASCII, copied as they are; anything else takes the escaping path.
        if (!IsPlain(result.ValueCid) || !IsPlain(result.ArgumentHash) || !IsPlain(result.TetrapletCid))
            return AquaCid.Of(result);
        var size = ValueCidKey.Length + ArgumentHashKey.Length + TetrapletCidKey.Length + End.Length + value.Length + argument.Length + tetraplet.Length;
        byte[]? rented = null;
        var json = size <= 512 ? stackalloc byte[size] : (rented = ArrayPool<byte>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            var at = Append(json, 0, ValueCidKey);
            at = AppendAscii(json, at, value);
            at = Append(json, at, ArgumentHashKey);
            at = AppendAscii(json, at, argument);
            at = Append(json, at, TetrapletCidKey);
            at = AppendAscii(json, at, tetraplet);
            Append(json, at, End);
            return AquaCid.OfJsonBytes(json);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // Printable ASCII that serde_json writes without escaping.
    private static readonly SearchValues<char> Plain = SearchValues.Create(
        " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static bool IsPlain(CidRef cid) => cid.IsMade || !cid.Value.AsSpan().ContainsAnyExcept(Plain);

    private static int Append(Span<byte> json, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(json[at..]);
        return at + bytes.Length;
    }

    private static int AppendAscii(Span<byte> json, int at, string text)
    {
        System.Text.Ascii.FromUtf16(text, json[at..], out var written);
        return at + written;
    }
}
