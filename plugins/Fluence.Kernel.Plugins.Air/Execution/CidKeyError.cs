using System.Globalization;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// AquaVM's error for a store key it cannot verify as a CID (code 8), worked out only once a key has failed to match its
/// value: the key's text is parsed as a CID (multibase text, version, codec, multihash), then its codec must be json and
/// its hash BLAKE3 or SHA-256; only a key that passes all that is reported as a value mismatch. Each error is AquaVM's
/// text for it, as its replays of altered keys show.
/// </summary>
internal static class CidKeyError
{
    private const string ParsingError = "Failed to parse multihash";
    private const string VarIntError = "Failed to decode unsigned varint format";
    private const ulong JsonCodec = 0x0200;
    private const ulong Sha2_256 = 0x12;
    private const ulong Blake3_256 = 0x1e;

    // Multibase codes whose decoding is not modelled here (a key of AquaVM's never uses them): no error is claimed.
    private const string OtherBases = "079fFvVhkKZzmMuUB";

    // Padded base32 forms: their text must come in blocks of eight.
    private const string PaddedBase32 = "cCtT";

    /// <summary>AquaVM's error for <paramref name="key"/>, or null where it parses as a CID AquaVM can verify (a mismatch then).</summary>
    public static string? Of(string key)
    {
        if (Encoding.UTF8.GetByteCount(key) < 2)
            return "Input too short";
        byte[]? bytes;
        switch (key[0])
        {
            case 'b':
                bytes = Base32Lower(key.AsSpan(1));
                break;
            case '\0':
                bytes = Encoding.UTF8.GetBytes(key[1..]);
                break;
            case var code when PaddedBase32.Contains(code, StringComparison.Ordinal):
                return (key.Length - 1) % 8 != 0 ? ParsingError : null;
            case var code when OtherBases.Contains(code, StringComparison.Ordinal):
                return null;
            default:
                return ParsingError;
        }
        if (bytes is null)
            return ParsingError;
        var at = 0;
        if (Varint(bytes, ref at) is not { } version || Varint(bytes, ref at) is not { } codec)
            return VarIntError;
        if ((version, codec) == (Sha2_256, 0x20))
            return null; // a CIDv0 multihash: not modelled
        if (version == 0)
            return "CIDv0 cannot be specified in CIDv1 format";
        if (version != 1)
            return "Unrecognized CID version";
        // The multihash: its code, its digest size (at most 64), and that many bytes (more after them are not read).
        if (Varint(bytes, ref at) is not { } hash || Varint(bytes, ref at) is not { } size || size > 64 || (ulong)(bytes.Length - at) < size)
            return ParsingError;
        if (codec != JsonCodec)
            return string.Create(CultureInfo.InvariantCulture, $"unsupported CID codec: {codec}");
        if (hash is not (Sha2_256 or Blake3_256))
            return string.Create(CultureInfo.InvariantCulture, $"unsupported multihash code: {hash}");
        return null;
    }

    // Base32 without padding, lower case, whose unused trailing bits must be zero; null when the text is not that.
    private static byte[]? Base32Lower(ReadOnlySpan<char> text)
    {
        if ((text.Length % 8) is 1 or 3 or 6)
            return null;
        var bytes = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, written = 0;
        foreach (var c in text)
        {
            var value = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (value < 0)
                return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[written++] = (byte)(buffer >> bits);
            }
            buffer &= (1 << bits) - 1;
        }
        return buffer == 0 ? bytes : null;
    }

    // A varint: null where the bytes end first or ten bytes all continue (either is AquaVM's error; a varint that is
    // not minimal, or overflows, is not modelled: AquaVM panics on it).
    private static ulong? Varint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (var i = 0; i < 10; i++)
        {
            if (at >= bytes.Length)
                return null;
            var b = bytes[at++];
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
                return value;
        }
        return null;
    }
}
