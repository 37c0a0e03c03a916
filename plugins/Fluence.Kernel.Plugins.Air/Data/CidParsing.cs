using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Whether a CID's text reads as a CID at all (a multibase CIDv1 or a base58 CIDv0 with a multihash of at most 64
/// bytes), as AquaVM parses the CIDs of current_data's trace before it looks up what they name; one that does not
/// fails with "Failed to parse multihash" (code 8, found by flipping the length of a trace state's CID). Not the parse
/// of store keys (<see cref="Execution.CidKeyError"/>): there an empty text is "Input too short", here it fails as any.
/// </summary>
internal static class CidParsing
{
    public const string Failure = "Failed to parse multihash";

    public static bool Parses(CidRef cid)
    {
        if (cid.IsCanonical)
            return true;
        var text = cid.Value;
        byte[] bytes;
        try
        {
            if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
                return Base58.TryDecode(text, out bytes, out _) && bytes is [0x12, 0x20, ..] && bytes.Length == 34;
            if (!Multibase.TryDecode(text, out bytes, out _, out _))
                return false;
            ReadOnlySpan<byte> rest = bytes;
            // version 1, codec, then the multihash: its code, its size and that many bytes.
            if (!Varint.TryRead(rest, out var version, out var read) || version != 1)
                return false;
            rest = rest[read..];
            if (!Varint.TryRead(rest, out _, out read))
                return false;
            rest = rest[read..];
            if (!Varint.TryRead(rest, out _, out read))
                return false;
            rest = rest[read..];
            if (!Varint.TryRead(rest, out var size, out read) || size > 64)
                return false;
            return (ulong)(rest.Length - read) >= size;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
