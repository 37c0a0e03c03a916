using System.Buffers;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// The CIDs of what an invocation adds to the stores, made with one allocation each (the CID text): the JSON they hash
/// is written as UTF-8 straight into a stack or pooled buffer, with no intermediate strings or builders. The same
/// values as <see cref="AquaCid"/>'s (which stays the reference for decoded data and for unusual texts).
/// </summary>
internal static class StoreCids
{
    /// <summary>The length of a CID's text: the multibase prefix <c>b</c> and the base32 of its bytes.</summary>
    public static readonly int TextLength = 1 + Base32.EncodedLength(AquaCid.ByteLength);

    /// <summary>The text of CID bytes (<see cref="AquaCid.ByteLength"/> long) as one string.</summary>
    public static string Text(ReadOnlySpan<byte> cid)
    {
        Span<char> text = stackalloc char[TextLength];
        text[0] = 'b';
        var length = 1 + EncodeBase32(cid, text[1..]);
        return new string(text[..length]);
    }

    private static ReadOnlySpan<byte> Base32Alphabet => "abcdefghijklmnopqrstuvwxyz234567"u8;

    // RFC 4648 base32 as Base32.Encode writes it, five bytes (eight characters) at a time: a CID's text is made for
    // every value, argument list and service result an invocation adds, so its cost shows.
    private static int EncodeBase32(ReadOnlySpan<byte> data, Span<char> text)
    {
        var alphabet = Base32Alphabet;
        int at = 0, n = 0;
        for (; at + 5 <= data.Length; at += 5, n += 8)
        {
            var group = ((ulong)data[at] << 32) | ((ulong)data[at + 1] << 24) | ((ulong)data[at + 2] << 16) | ((ulong)data[at + 3] << 8) | data[at + 4];
            var chars = text.Slice(n, 8);
            for (var k = 0; k < 8; k++)
                chars[k] = (char)alphabet[(int)(group >> (35 - 5 * k)) & 31];
        }
        if (at < data.Length)
            n += Base32.Encode(data[at..], text[n..]);
        return n;
    }

    /// <summary>The CID of JSON text given as UTF-8 (a value's serde_json text).</summary>
    public static string OfJson(ReadOnlySpan<byte> json)
    {
        Span<byte> cid = stackalloc byte[AquaCid.ByteLength];
        AquaCid.WriteBytes(json, cid);
        return Text(cid);
    }

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
        if (!IsPlain(value) || !IsPlain(argument) || !IsPlain(tetraplet))
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
            return OfJson(json);
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

    private static bool IsPlain(string text) => !text.AsSpan().ContainsAnyExcept(Plain);

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
