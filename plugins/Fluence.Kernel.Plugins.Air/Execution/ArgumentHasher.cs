using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// A call's argument hash (aquavm.md §3.4): the CID of the compact JSON array of its resolved arguments. One per
/// invocation: the text builder and the UTF-8 encoder are reused, and a replayed call's stored hash is checked
/// against the computed bytes without making the CID's text.
/// </summary>
internal sealed class ArgumentHasher
{
    // 0x01 CIDv1, 0x80 0x04 = varint 0x0200 (json), 0x1e BLAKE3, 0x20 = 32 bytes (as AquaCid).
    private static ReadOnlySpan<byte> Prefix => [0x01, 0x80, 0x04, 0x1e, 0x20];
    private const int CidLength = 5 + 32;
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private readonly StringBuilder _text = new();
    private readonly Encoder _utf8 = new UTF8Encoding(false).GetEncoder();

    /// <summary>The argument hash as CID text (what a new service result stores).</summary>
    public string Of(List<JsonNode?> arguments)
    {
        Span<byte> cid = stackalloc byte[CidLength];
        Hash(arguments, cid);
        return "b" + Fluence.Kernel.Multiformats.Base32.Encode(cid);
    }

    /// <summary>Whether the arguments hash to <paramref name="cidText"/> (a replayed call's stored hash).</summary>
    public bool Matches(List<JsonNode?> arguments, string cidText)
    {
        Span<byte> cid = stackalloc byte[CidLength];
        Hash(arguments, cid);
        Span<char> text = stackalloc char[1 + (CidLength * 8 + 4) / 5];
        text[0] = 'b';
        var n = 1;
        int buffer = 0, bits = 0;
        foreach (var b in cid)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text[n++] = Base32Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0)
            text[n++] = Base32Alphabet[(buffer << (5 - bits)) & 31];
        return cidText.AsSpan().SequenceEqual(text[..n]);
    }

    /// <summary>The arguments' JSON text, for error messages.</summary>
    public string Text(List<JsonNode?> arguments) => Write(arguments).ToString();

    private StringBuilder Write(List<JsonNode?> arguments)
    {
        var text = _text.Clear().Append('[');
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
                text.Append(',');
            AirJson.Write(text, arguments[i]);
        }
        return text.Append(']');
    }

    private void Hash(List<JsonNode?> arguments, Span<byte> cid)
    {
        var text = Write(arguments);
        var maxBytes = 0;
        foreach (var chunk in text.GetChunks())
            maxBytes += Encoding.UTF8.GetMaxByteCount(chunk.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var length = 0;
            _utf8.Reset();
            foreach (var chunk in text.GetChunks())
                length += _utf8.GetBytes(chunk.Span, utf8[length..], flush: false);
            length += _utf8.GetBytes([], utf8[length..], flush: true);
            Prefix.CopyTo(cid);
            Blake3.Hasher.Hash(utf8[..length], cid[Prefix.Length..]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
