using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Content;

/// <summary>
/// A content identifier. v0: a bare base58btc sha2-256 multihash (<c>Qm…</c>, implicitly dag-pb).
/// v1: multibase ‖ varint version ‖ varint codec ‖ multihash; written base32 (<c>bafy…</c>, <c>bafk…</c>) by default.
/// Module ids, blueprint ids and everything in the storage slot are CIDs.
/// </summary>
public sealed class Cid : IEquatable<Cid>
{
    private readonly byte[] _bytes;

    private Cid(int version, MulticodecCode codec, Multihash hash)
    {
        Version = version;
        Codec = codec;
        Hash = hash;
        _bytes = version == 0 ? hash.Bytes.ToArray() : [.. Varint.Encode(1), .. Varint.Encode((ulong)codec), .. hash.Bytes];
    }

    public int Version { get; }
    public MulticodecCode Codec { get; }
    public Multihash Hash { get; }

    /// <summary>Binary form (for v1 without the multibase prefix).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public static Cid V0(Multihash hash)
    {
        if (hash.Code != MultihashCode.Sha2_256)
            throw new ArgumentException("a CIDv0 is always a sha2-256 multihash", nameof(hash));
        return new Cid(0, MulticodecCode.DagPb, hash);
    }

    public static Cid V1(MulticodecCode codec, Multihash hash) => new(1, codec, hash);

    /// <summary>CIDv1 of <paramref name="data"/> with the raw codec and sha2-256, as <c>ipfs add --cid-version 1</c> names a single chunk.</summary>
    public static Cid RawSha256(ReadOnlySpan<byte> data) => V1(MulticodecCode.Raw, Multihash.Sha256(data));

    public static Cid Parse(string text)
    {
        if (!TryParse(text, out var cid, out var error))
            throw new FormatException(error);
        return cid;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out Cid? cid) => TryParse(text, out cid, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Cid? cid, [NotNullWhen(false)] out string? error)
    {
        cid = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "CID is empty";
            return false;
        }
        try
        {
            if (text.Length == 46 && text.StartsWith("Qm", StringComparison.Ordinal))
            {
                if (!Base58.TryDecode(text, out var mh, out error))
                {
                    error = $"CID '{text}': {error}";
                    return false;
                }
                cid = V0(Multihash.Parse(mh));
                return true;
            }
            if (!Multibase.TryDecode(text, out var bytes, out _, out var mbError))
            {
                error = $"CID '{Shorten(text)}': {mbError}";
                return false;
            }
            cid = FromBytes(bytes);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            error = $"CID '{Shorten(text)}': {ex.Message}";
            return false;
        }
    }

    public static Cid FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 34 && bytes[0] == 0x12 && bytes[1] == 0x20)
            return V0(Multihash.Parse(bytes));
        ulong version = Varint.Read(bytes, out int n1);
        if (version != 1)
            throw new FormatException($"unsupported CID version {version}");
        ulong codec = Varint.Read(bytes[n1..], out int n2);
        if (!Enum.IsDefined(typeof(MulticodecCode), codec))
            throw new FormatException($"unsupported CID codec 0x{codec:x} (supported: raw, dag-pb, dag-json, json)");
        return V1((MulticodecCode)codec, Multihash.Parse(bytes[(n1 + n2)..]));
    }

    public string ToString(MultibaseEncoding encoding) => Version == 0 ? Base58.Encode(_bytes) : Multibase.Encode(encoding, _bytes);

    /// <summary>v0 as base58btc, v1 as base32 (the canonical text forms).</summary>
    public override string ToString() => ToString(MultibaseEncoding.Base32);

    /// <summary>This CID as version 1 (a v0 CID becomes dag-pb v1 with the same hash).</summary>
    public Cid ToV1() => Version == 1 ? this : V1(MulticodecCode.DagPb, Hash);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    public bool Equals(Cid? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as Cid);
    public override int GetHashCode() => Hash.GetHashCode();
    public static bool operator ==(Cid? a, Cid? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Cid? a, Cid? b) => !(a == b);
}
