using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Multiformats;
using NSec.Cryptography;

namespace Fluence.Kernel.Identity;

/// <summary>
/// A libp2p peer id for an Ed25519 key: identity multihash of the protobuf <c>PublicKey{Type=Ed25519, Data=32 bytes}</c>
/// (<c>00 24 08 01 12 20 ‖ key</c>), written in base58btc without a multibase prefix (<c>12D3KooW…</c>).
/// Only inline Ed25519 ids are accepted: they are the only ones whose signatures a peer can verify.
/// </summary>
public sealed class PeerId : IEquatable<PeerId>, IComparable<PeerId>
{
    /// <summary>Identity multihash header (code 0, length 36) followed by the protobuf header of an Ed25519 key.</summary>
    private static ReadOnlySpan<byte> Prefix => [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
    private const int Length = 38;

    private readonly byte[] _bytes;
    private readonly string _text;
    // Imported on the first Verify and kept: a peer verifies many particles of the same init peer (a benign race).
    private NSec.Cryptography.PublicKey? _verificationKey;

    private PeerId(byte[] bytes)
    {
        _bytes = bytes;
        _text = Base58.Encode(bytes);
    }

    /// <summary>The 38 bytes of the identity multihash.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The raw 32-byte Ed25519 public key (also the on-chain <c>bytes32</c> form of a peer id).</summary>
    public ReadOnlySpan<byte> PublicKey => _bytes.AsSpan(Prefix.Length);

    public static PeerId FromPublicKey(ReadOnlySpan<byte> ed25519PublicKey)
    {
        if (ed25519PublicKey.Length != 32)
            throw new ArgumentException($"an Ed25519 public key is 32 bytes, got {ed25519PublicKey.Length}", nameof(ed25519PublicKey));
        var bytes = new byte[Length];
        Prefix.CopyTo(bytes);
        ed25519PublicKey.CopyTo(bytes.AsSpan(Prefix.Length));
        return new PeerId(bytes);
    }

    public static PeerId FromBytes(ReadOnlySpan<byte> multihash)
    {
        if (!TryFromBytes(multihash, out var id, out var error))
            throw new FormatException(error);
        return id;
    }

    public static bool TryFromBytes(ReadOnlySpan<byte> multihash, [NotNullWhen(true)] out PeerId? peerId, [NotNullWhen(false)] out string? error)
    {
        peerId = null;
        if (multihash.Length >= 2 && multihash[0] == 0x12)
        {
            error = "peer id is a sha2-256 multihash (an RSA or other hashed key): its key cannot be recovered to verify signatures; only Ed25519 peer ids (12D3KooW…) are supported";
            return false;
        }
        // identity multihash ‖ protobuf PublicKey { Type (field 1) = …, Data (field 2) }: a key of another type.
        if (multihash.Length >= 6 && multihash[0] == 0x00 && multihash[2] == 0x08 && multihash[3] != 0x01 && multihash[4] == 0x12)
        {
            error = $"peer id holds a key of type {multihash[3]}; only Ed25519 (type 1) is supported";
            return false;
        }
        if (multihash.Length != Length || !multihash[..Prefix.Length].SequenceEqual(Prefix))
        {
            error = "peer id is not an identity multihash of an Ed25519 public key (expected 38 bytes starting 00 24 08 01 12 20)";
            return false;
        }
        peerId = new PeerId(multihash.ToArray());
        error = null;
        return true;
    }

    public static PeerId Parse(string text)
    {
        if (!TryParse(text, out var id, out var error))
            throw new FormatException(error);
        return id;
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out PeerId? peerId) => TryParse(text, out peerId, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out PeerId? peerId, [NotNullWhen(false)] out string? error)
    {
        peerId = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "peer id is empty";
            return false;
        }
        if (!Base58.TryDecode(text, out var bytes, out var b58Error))
        {
            error = $"peer id '{Shorten(text)}' is not base58btc: {b58Error}";
            return false;
        }
        if (!TryFromBytes(bytes, out peerId, out var bytesError))
        {
            error = $"peer id '{Shorten(text)}': {bytesError}";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Verifies an Ed25519 signature made by this peer's key.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64)
            return false;
        var key = _verificationKey;
        if (key is null)
        {
            if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, PublicKey, KeyBlobFormat.RawPublicKey, out key) || key is null)
                return false;
            _verificationKey = key;
        }
        return SignatureAlgorithm.Ed25519.Verify(key, data, signature);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..61] + "...";

    public bool Equals(PeerId? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as PeerId);
    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);
    public int CompareTo(PeerId? other) => other is null ? 1 : string.CompareOrdinal(_text, other._text);
    public override string ToString() => _text;
    public static bool operator ==(PeerId? a, PeerId? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(PeerId? a, PeerId? b) => !(a == b);
}
