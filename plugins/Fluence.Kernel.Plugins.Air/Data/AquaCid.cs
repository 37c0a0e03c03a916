using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// AquaVM's CIDs (aquavm.md §3.4): CIDv1, codec json (0x0200), BLAKE3-256 multihash, base32 text, over the compact
/// serde_json text of the stored object.
/// </summary>
public static class AquaCid
{
    // 0x01 CIDv1, 0x80 0x04 = varint 0x0200 (json), 0x1e BLAKE3, 0x20 = 32 bytes.
    private static readonly byte[] Prefix = [0x01, 0x80, 0x04, 0x1e, 0x20];

    public static string OfJson(string jsonText)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(jsonText.Length);
        byte[]? rented = null;
        var text = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            return OfJsonBytes(text[..Encoding.UTF8.GetBytes(jsonText, text)]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The length of a CID's bytes (prefix and BLAKE3-256 digest).</summary>
    internal const int ByteLength = 5 + DigestLength;

    /// <summary>The length of a CID's BLAKE3-256 digest.</summary>
    internal const int DigestLength = 32;

    /// <summary>The length of a CID's text: the multibase prefix <c>b</c> and the base32 of its bytes (1 + 8 + 52).</summary>
    internal const int TextLength = 1 + PrefixChars + DigestChars;

    // The five prefix bytes are exactly eight base32 characters, so a CID's text is the prefix's text then the
    // digest's: 32 bytes are six five-byte groups (48 characters) and two bytes (4 characters, the last 4 bits zero).
    private const int PrefixChars = 8;
    private const int DigestChars = 52;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly string PrefixText = "b" + Base32.Encode(Prefix);

    // Character code → its 5-bit value, or -1; codes above 255 are looked up as 255 (not base32 either).
    private static readonly sbyte[] Values = MakeValues();

    private static sbyte[] MakeValues()
    {
        var values = new sbyte[256];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
            values[Alphabet[i]] = (sbyte)i;
        return values;
    }

    /// <summary>A CID's BLAKE3-256 digest, held inline (no array of its own).</summary>
    [System.Runtime.CompilerServices.InlineArray(DigestLength)]
    internal struct Digest
    {
        private byte _first;

        public static Digest Of(ReadOnlySpan<byte> bytes)
        {
            var digest = default(Digest);
            bytes[..DigestLength].CopyTo(digest);
            return digest;
        }
    }

    /// <summary>The CID of JSON text given as its UTF-8 bytes.</summary>
    public static string OfJsonBytes(ReadOnlySpan<byte> json)
    {
        Span<byte> cid = stackalloc byte[ByteLength];
        WriteBytes(json, cid);
        return Text(cid);
    }

    /// <summary><see cref="OfJsonBytes"/> as a new reference, held as its digest (no text made).</summary>
    internal static CidRef RefOfJsonBytes(ReadOnlySpan<byte> json)
    {
        Span<byte> cid = stackalloc byte[ByteLength];
        WriteBytes(json, cid);
        return CidRef.OfDigest(cid[Prefix.Length..]);
    }

    /// <summary>The CID bytes (<see cref="ByteLength"/> long) as a reference held as its digest.</summary>
    internal static CidRef RefOfBytes(ReadOnlySpan<byte> cid) => CidRef.OfDigest(cid[Prefix.Length..]);

    /// <summary>Whether <paramref name="cid"/> is the CID text of JSON given as its UTF-8 bytes (checked without making a string).</summary>
    internal static bool Matches(ReadOnlySpan<byte> json, string cid)
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteBytes(json, bytes);
        return TextMatches(bytes, cid);
    }

    /// <summary>Whether <paramref name="cid"/> is the CID of JSON given as its UTF-8 bytes (digests compared).</summary>
    internal static bool Matches(ReadOnlySpan<byte> json, CidRef cid)
    {
        if (!cid.IsCanonical)
            return false;
        Span<byte> bytes = stackalloc byte[ByteLength];
        WriteBytes(json, bytes);
        return bytes[Prefix.Length..].SequenceEqual(cid.Digest);
    }

    /// <summary>The text of CID bytes (<see cref="ByteLength"/> long), written straight into its string.</summary>
    internal static string Text(ReadOnlySpan<byte> cid) =>
        string.Create(1 + Base32.EncodedLength(cid.Length), cid, static (text, cid) => WriteTextOfBytes(cid, text));

    /// <summary>The text of a CID held as its digest.</summary>
    internal static string Text(CidRef cid) =>
        string.Create(TextLength, cid, static (text, cid) => WriteText(cid.Digest, text));

    /// <summary>Whether <paramref name="text"/> is the text of CID bytes <paramref name="cid"/> (compared on the stack).</summary>
    internal static bool TextMatches(ReadOnlySpan<byte> cid, string text)
    {
        Span<char> expected = stackalloc char[TextLength];
        return text.AsSpan().SequenceEqual(expected[..WriteTextOfBytes(cid, expected)]);
    }

    private static int WriteTextOfBytes(ReadOnlySpan<byte> cid, Span<char> text)
    {
        text[0] = 'b';
        return 1 + Base32.Encode(cid, text[1..]);
    }

    // Ten bits → their two base32 characters, as two UTF-8 bytes (low byte first) and as two UTF-16 characters: the
    // digest's text is written two characters per lookup (every CID a result stores is written several times).
    private static readonly ushort[] Utf8Pairs = MakeUtf8Pairs();
    private static readonly uint[] Utf16Pairs = MakeUtf16Pairs();
    private static readonly byte[] PrefixUtf8 = System.Text.Encoding.ASCII.GetBytes(PrefixText);

    // Each pair laid out as it sits in text memory, whatever the machine's byte order.
    private static ushort[] MakeUtf8Pairs()
    {
        var pairs = new ushort[1024];
        Span<byte> two = stackalloc byte[2];
        for (var i = 0; i < pairs.Length; i++)
        {
            two[0] = (byte)Alphabet[i >> 5];
            two[1] = (byte)Alphabet[i & 31];
            pairs[i] = MemoryMarshal.Read<ushort>(two);
        }
        return pairs;
    }

    private static uint[] MakeUtf16Pairs()
    {
        var pairs = new uint[1024];
        Span<char> two = stackalloc char[2];
        for (var i = 0; i < pairs.Length; i++)
        {
            two[0] = Alphabet[i >> 5];
            two[1] = Alphabet[i & 31];
            pairs[i] = MemoryMarshal.Read<uint>(MemoryMarshal.AsBytes(two));
        }
        return pairs;
    }

    /// <summary>Writes the UTF-8 text of a CID held as <paramref name="digest"/> (<see cref="TextLength"/> bytes).</summary>
    internal static void WriteText(ReadOnlySpan<byte> digest, Span<byte> text) => WriteText(digest, text, CidTextIsaSupport.Best);

    /// <summary><see cref="WriteText(ReadOnlySpan{byte}, Span{byte})"/> on a chosen instruction-set path (tests force each one).</summary>
    internal static void WriteText(ReadOnlySpan<byte> digest, Span<byte> text, CidTextIsa isa)
    {
        PrefixUtf8.CopyTo(text[..TextLength]);
        var digits = text.Slice(1 + PrefixChars, DigestChars);
        if (digest.Length < DigestLength)
            throw new ArgumentException("a digest is 32 bytes");
        isa = CidTextIsaSupport.Clamp(isa);
        if (isa == CidTextIsa.Scalar)
            WritePairs(digest, MemoryMarshal.Cast<byte, ushort>(digits), Utf8Pairs);
        else
            DigestBase32Vector.WriteUtf8(ref MemoryMarshal.GetReference(digest), ref MemoryMarshal.GetReference(digits), isa == CidTextIsa.Avx2);
    }

    /// <summary>Writes the text of a CID held as <paramref name="digest"/> (<see cref="TextLength"/> characters).</summary>
    internal static void WriteText(ReadOnlySpan<byte> digest, Span<char> text) => WriteText(digest, text, CidTextIsaSupport.Best);

    /// <summary><see cref="WriteText(ReadOnlySpan{byte}, Span{char})"/> on a chosen instruction-set path (tests force each one).</summary>
    internal static void WriteText(ReadOnlySpan<byte> digest, Span<char> text, CidTextIsa isa)
    {
        PrefixText.CopyTo(text[..TextLength]);
        var digits = text.Slice(1 + PrefixChars, DigestChars);
        if (digest.Length < DigestLength)
            throw new ArgumentException("a digest is 32 bytes");
        isa = CidTextIsaSupport.Clamp(isa);
        if (isa == CidTextIsa.Scalar)
            WritePairs(digest, MemoryMarshal.Cast<char, uint>(digits), Utf16Pairs);
        else
            DigestBase32Vector.WriteUtf16(ref MemoryMarshal.GetReference(digest), ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(digits)), isa == CidTextIsa.Avx2);
    }

    // 32 bytes: six five-byte groups (four pairs each), then two bytes padded to 20 bits (two pairs). Lengths are
    // checked once, then read and written through references (this runs for every CID text written).
    private static void WritePairs<T>(ReadOnlySpan<byte> digest, Span<T> pairs, T[] table)
    {
        if (digest.Length < DigestLength || pairs.Length < DigestChars / 2)
            throw new ArgumentException("a digest is 32 bytes and its text 26 pairs");
        ref var d = ref MemoryMarshal.GetReference(digest);
        ref var p = ref MemoryMarshal.GetReference(pairs);
        ref var t = ref MemoryMarshal.GetArrayDataReference(table);
        for (int at = 0, n = 0; at < 30; at += 5, n += 4)
        {
            var group = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(digest[at..]) << 8) | Unsafe.Add(ref d, at + 4);
            Unsafe.Add(ref p, n) = Unsafe.Add(ref t, (nint)(group >> 30) & 1023);
            Unsafe.Add(ref p, n + 1) = Unsafe.Add(ref t, (nint)(group >> 20) & 1023);
            Unsafe.Add(ref p, n + 2) = Unsafe.Add(ref t, (nint)(group >> 10) & 1023);
            Unsafe.Add(ref p, n + 3) = Unsafe.Add(ref t, (nint)group & 1023);
        }
        var tail = ((Unsafe.Add(ref d, 30) << 8) | Unsafe.Add(ref d, 31)) << 4;
        Unsafe.Add(ref p, 24) = Unsafe.Add(ref t, (tail >> 10) & 1023);
        Unsafe.Add(ref p, 25) = Unsafe.Add(ref t, tail & 1023);
    }

    /// <summary>
    /// The digest of CID text of AquaVM's form (json codec, BLAKE3-256, lower-case base32 whose unused bits are zero):
    /// exactly the texts <see cref="WriteText(ReadOnlySpan{byte}, Span{char})"/> makes, so the digest stands for the text. False for anything else.
    /// </summary>
    internal static bool TryParseText<T>(ReadOnlySpan<T> text, out Digest digest) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        digest = default;
        if (text.Length != TextLength || !HasPrefix(text))
            return false;
        // Every digit decoded, a bad one remembered (its value -1 sets the sign bit of `bad`), checked once at the end.
        ref var digits = ref Unsafe.Add(ref MemoryMarshal.GetReference(text), 1 + PrefixChars);
        ref var values = ref MemoryMarshal.GetArrayDataReference(Values);
        Span<byte> bytes = digest;
        var bad = 0;
        for (int at = 0, n = 0; at < 30; at += 5, n += 8)
        {
            ulong group = 0;
            for (var k = 0; k < 8; k++)
            {
                var value = (int)Unsafe.Add(ref values, (nint)Math.Min(uint.CreateTruncating(Unsafe.Add(ref digits, n + k)), 255u));
                bad |= value;
                group = (group << 5) | (uint)(value & 31);
            }
            BinaryPrimitives.WriteUInt32BigEndian(bytes[at..], (uint)(group >> 8));
            bytes[at + 4] = (byte)group;
        }
        var tail = 0;
        for (var k = 48; k < DigestChars; k++)
        {
            var value = (int)Unsafe.Add(ref values, (nint)Math.Min(uint.CreateTruncating(Unsafe.Add(ref digits, k)), 255u));
            bad |= value;
            tail = (tail << 5) | (value & 31);
        }
        bytes[30] = (byte)(tail >> 12);
        bytes[31] = (byte)(tail >> 4);
        return bad >= 0 && (tail & 0xF) == 0;
    }

    private static bool HasPrefix<T>(ReadOnlySpan<T> text) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
            return MemoryMarshal.Cast<T, byte>(text)[..(1 + PrefixChars)].SequenceEqual(PrefixUtf8);
        if (typeof(T) == typeof(char))
            return MemoryMarshal.Cast<T, char>(text)[..(1 + PrefixChars)].SequenceEqual(PrefixText);
        for (var i = 0; i < 1 + PrefixChars; i++)
        {
            if (int.CreateTruncating(text[i]) != PrefixText[i])
                return false;
        }
        return true;
    }

    /// <summary>Writes the CID bytes of JSON text given as its UTF-8 bytes into <paramref name="cid"/> (<see cref="ByteLength"/> long).</summary>
    internal static void WriteBytes(ReadOnlySpan<byte> json, Span<byte> cid)
    {
        Prefix.CopyTo(cid);
        WriteDigest(json, cid[Prefix.Length..]);
    }

    /// <summary>Writes the digest of the CID of JSON text given as its UTF-8 bytes into <paramref name="digest"/> (<see cref="DigestLength"/> long).</summary>
    internal static void WriteDigest(ReadOnlySpan<byte> json, Span<byte> digest) => Hashing.Blake3Digest.Hash(json, digest);

    public static string Of(StoredTetraplet t) => OfJson(SerdeJsonText.Object(
        ("peer_pk", t.PeerPk), ("service_id", t.ServiceId), ("function_name", t.FunctionName), ("lens", t.Lens)));

    public static string Of(ServiceResult r) => OfJson(SerdeJsonText.Object(
        ("value_cid", r.ValueCid.Value), ("argument_hash", r.ArgumentHash.Value), ("tetraplet_cid", r.TetrapletCid.Value)));

    public static string Of(CanonElement e)
    {
        var provenance = e.Provenance.Kind switch
        {
            ProvenanceKind.Literal => SerdeJsonText.Object(("type", "literal")),
            ProvenanceKind.ServiceResult => SerdeJsonText.Object(("type", "service_result"), ("cid", e.Provenance.Cid!.Value)),
            _ => SerdeJsonText.Object(("type", "canon"), ("cid", e.Provenance.Cid!.Value)),
        };
        var json = new StringBuilder("{");
        json.AppendString("value").Append(':').AppendString(e.Value.Value).Append(',');
        json.AppendString("tetraplet").Append(':').AppendString(e.Tetraplet.Value).Append(',');
        json.AppendString("provenance").Append(':').Append(provenance).Append('}');
        return OfJson(json.ToString());
    }

    public static string Of(CanonResultValue r)
    {
        var json = new StringBuilder("{");
        json.AppendString("tetraplet").Append(':').AppendString(r.Tetraplet.Value).Append(',');
        json.AppendString("values").Append(":[");
        for (var i = 0; i < r.Values.Count; i++)
        {
            if (i > 0)
                json.Append(',');
            json.AppendString(r.Values[i].Value);
        }
        return OfJson(json.Append("]}").ToString());
    }
}
