using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
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
    // Argument texts up to this long are encoded on the stack in one piece.
    private const int ShortText = 128;

    private readonly StringBuilder _text = new();
    private readonly Encoder _utf8 = new UTF8Encoding(false).GetEncoder();

    /// <summary>The largest text buffer worth keeping for another invocation (see <see cref="TextCapacity"/>).</summary>
    public const int MaxKeptTextCapacity = 16 * 1024;

    /// <summary>The size the text buffer grew to (arguments as large as a 1 MiB string grow it that far).</summary>
    public int TextCapacity => _text.Capacity;

    /// <summary>The argument hash (what a new service result stores).</summary>
    public CidRef Of(List<JsonNode?> arguments)
    {
        Span<byte> cid = stackalloc byte[AquaCid.ByteLength];
        Hash(arguments, cid);
        return AquaCid.RefOfBytes(cid);
    }

    /// <summary>The argument hash as its digest (what a new service result holds, see <see cref="ServiceResult"/>).</summary>
    public void WriteDigest(List<JsonNode?> arguments, Span<byte> digest)
    {
        Span<byte> cid = stackalloc byte[AquaCid.ByteLength];
        Hash(arguments, cid);
        cid[(AquaCid.ByteLength - AquaCid.DigestLength)..].CopyTo(digest);
    }

    /// <summary>
    /// The length of the arguments' text written to <paramref name="text"/> when it fits there and is not the last text
    /// hashed (the caller hashes it, with others: see <see cref="CidBatch"/>); otherwise -1, with the argument hash's
    /// digest written to <paramref name="digest"/> as <see cref="WriteDigest"/> does.
    /// </summary>
    public int WriteTextOrDigest(List<JsonNode?> arguments, Span<byte> text, Span<byte> digest)
    {
        if (TryWriteUtf8(arguments, text, out var length))
        {
            if (!IsLastText(text[..length]))
                return length;
            _lastCid.AsSpan(AquaCid.ByteLength - AquaCid.DigestLength).CopyTo(digest);
            return -1;
        }
        WriteDigest(arguments, digest);
        return -1;
    }

    /// <summary>Whether the arguments hash to <paramref name="stored"/>.</summary>
    public bool Matches(List<JsonNode?> arguments, CidRef stored)
    {
        Span<byte> cid = stackalloc byte[AquaCid.ByteLength];
        Hash(arguments, cid);
        return stored.IsCanonical ? cid[(AquaCid.ByteLength - AquaCid.DigestLength)..].SequenceEqual(stored.Digest) : AquaCid.TextMatches(cid, stored.Value);
    }

    /// <summary>Whether the arguments hash to the argument hash <paramref name="stored"/> holds (a replayed call's).</summary>
    public bool Matches(List<JsonNode?> arguments, ServiceResult stored)
    {
        Span<byte> cid = stackalloc byte[AquaCid.ByteLength];
        Hash(arguments, cid);
        return stored.TryGetArgumentDigest(out var digest) ? cid[(AquaCid.ByteLength - AquaCid.DigestLength)..].SequenceEqual(digest)
            : AquaCid.TextMatches(cid, stored.ArgumentHash.Value);
    }

    /// <summary>The arguments' JSON text, for error messages.</summary>
    public string Text(List<JsonNode?> arguments) => Write(arguments).ToString();

    // Argument lists of plain scalars whose UTF-8 fits this are written as UTF-8 directly.
    private const int DirectBytes = 256;

    /// <summary>
    /// The UTF-8 of <see cref="Write"/>'s text written straight into <paramref name="utf8"/> when every argument is
    /// null, a boolean, an integer node (as <see cref="AirJson"/> writes it: u64 first, then i64) or a string with
    /// nothing to escape; false for anything else or when it does not fit (the builder path then writes it).
    /// </summary>
    private static bool TryWriteUtf8(List<JsonNode?> arguments, Span<byte> utf8, out int length)
    {
        length = 0;
        var at = 0;
        if (!TryPut(utf8, ref at, (byte)'['))
            return false;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0 && !TryPut(utf8, ref at, (byte)','))
                return false;
            if (!TryWriteScalar(arguments[i], utf8, ref at))
                return false;
        }
        if (!TryPut(utf8, ref at, (byte)']'))
            return false;
        length = at;
        return true;
    }

    private static bool TryWriteScalar(JsonNode? argument, Span<byte> utf8, ref int at)
    {
        if (argument is null)
            return TryCopy(utf8, ref at, "null"u8);
        if (argument is not JsonValue value)
            return false;
        // The order of AirJson.WriteScalar: by kind first, then by the CLR type a number node holds.
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                return TryCopy(utf8, ref at, "true"u8);
            case JsonValueKind.False:
                return TryCopy(utf8, ref at, "false"u8);
            case JsonValueKind.String when value.TryGetValue<JsonElement>(out _):
                // A long string kept as UTF-8 (see AirJson.LazyStringBytes): not made into text only to be refused.
                return false;
            case JsonValueKind.String when value.TryGetValue<string>(out var text):
                if (text.AsSpan().IndexOfAny(SerdeJsonText.Escaped) >= 0 || !TryPut(utf8, ref at, (byte)'"'))
                    return false;
                if (Utf8.FromUtf16(text, utf8[at..], out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
                    return false;
                at += written;
                return TryPut(utf8, ref at, (byte)'"');
        }
        int digits;
        if (value.TryGetValue<ulong>(out var unsigned))
        {
            if (!unsigned.TryFormat(utf8[at..], out digits, default, CultureInfo.InvariantCulture))
                return false;
        }
        else if (value.TryGetValue<long>(out var signed))
        {
            if (!signed.TryFormat(utf8[at..], out digits, default, CultureInfo.InvariantCulture))
                return false;
        }
        else
        {
            return false;
        }
        at += digits;
        return true;
    }

    private static bool TryPut(Span<byte> utf8, ref int at, byte b)
    {
        if (at >= utf8.Length)
            return false;
        utf8[at++] = b;
        return true;
    }

    private static bool TryCopy(Span<byte> utf8, ref int at, ReadOnlySpan<byte> bytes)
    {
        if (!bytes.TryCopyTo(utf8[at..]))
            return false;
        at += bytes.Length;
        return true;
    }

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

    // The last short argument text hashed in this invocation and its CID: calls of one invocation often pass the same
    // arguments (a fold's calls, a chain of calls on one value, empty lists), and comparing the text costs less than
    // hashing it. Forgotten when the invocation ends (see Forget).
    private const int RememberedBytes = 64;
    private readonly byte[] _lastText = new byte[RememberedBytes];
    private readonly byte[] _lastCid = new byte[AquaCid.ByteLength];
    private int _lastLength = -1;

    /// <summary>Forgets the last hashed text (an invocation's hashes are not kept for the next one).</summary>
    public void Forget() => _lastLength = -1;

    // Whether text is the last one hashed (its CID is then _lastCid).
    private bool IsLastText(ReadOnlySpan<byte> text) => text.Length == _lastLength && text.SequenceEqual(_lastText.AsSpan(0, text.Length));

    private void Hash(List<JsonNode?> arguments, Span<byte> cid)
    {
        Span<byte> direct = stackalloc byte[DirectBytes];
        if (TryWriteUtf8(arguments, direct, out var directLength))
        {
            var argumentText = direct[..directLength];
            if (IsLastText(argumentText))
            {
                _lastCid.CopyTo(cid);
                return;
            }
            AquaCid.WriteBytes(argumentText, cid);
            if (directLength <= RememberedBytes)
            {
                argumentText.CopyTo(_lastText);
                cid[..AquaCid.ByteLength].CopyTo(_lastCid);
                _lastLength = directLength;
            }
            return;
        }
        var text = Write(arguments);
        if (text.Length <= ShortText)
        {
            // Most argument lists are short: their text copied out at once and encoded in one call.
            Span<char> chars = stackalloc char[text.Length];
            text.CopyTo(0, chars, text.Length);
            Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(ShortText)];
            AquaCid.WriteBytes(bytes[..Encoding.UTF8.GetBytes(chars, bytes)], cid);
            return;
        }
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
            AquaCid.WriteBytes(utf8[..length], cid);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
