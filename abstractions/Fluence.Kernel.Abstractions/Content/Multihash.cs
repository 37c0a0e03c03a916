using System.Security.Cryptography;
using Fluence.Kernel.Multiformats;

namespace Fluence.Kernel.Content;

/// <summary>Multihash function codes the kernel understands.</summary>
public enum MultihashCode : ulong
{
    Identity = 0x00,
    Sha2_256 = 0x12,
    Blake3 = 0x1e,
}

/// <summary>A self-describing hash: varint code, varint digest length, digest.</summary>
public sealed class Multihash : IEquatable<Multihash>
{
    private readonly byte[] _bytes;

    private Multihash(MultihashCode code, byte[] digest, byte[] bytes)
    {
        Code = code;
        Digest = digest;
        _bytes = bytes;
    }

    public MultihashCode Code { get; }
    public ReadOnlyMemory<byte> Digest { get; }
    public ReadOnlySpan<byte> Bytes => _bytes;

    public static Multihash Create(MultihashCode code, ReadOnlySpan<byte> digest)
    {
        if (code is MultihashCode.Sha2_256 or MultihashCode.Blake3 && digest.Length != 32)
            throw new ArgumentException($"{code} digests are 32 bytes, got {digest.Length}", nameof(digest));
        var bytes = new byte[Varint.GetLength((ulong)code) + Varint.GetLength((ulong)digest.Length) + digest.Length];
        int n = Varint.Write(bytes, (ulong)code);
        n += Varint.Write(bytes.AsSpan(n), (ulong)digest.Length);
        digest.CopyTo(bytes.AsSpan(n));
        return new Multihash(code, digest.ToArray(), bytes);
    }

    /// <summary>SHA-256 of <paramref name="data"/> as a multihash.</summary>
    public static Multihash Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        return Create(MultihashCode.Sha2_256, digest);
    }

    /// <summary>Reads one multihash from the start of <paramref name="source"/>.</summary>
    public static Multihash Read(ReadOnlySpan<byte> source, out int bytesRead)
    {
        ulong code = Varint.Read(source, out int n1);
        ulong length = Varint.Read(source[n1..], out int n2);
        if (!Enum.IsDefined(typeof(MultihashCode), code))
            throw new FormatException($"unsupported multihash code 0x{code:x} (supported: identity, sha2-256, blake3)");
        if (length > (ulong)(source.Length - n1 - n2))
            throw new FormatException($"multihash digest is truncated: {length} bytes declared, {source.Length - n1 - n2} present");
        bytesRead = n1 + n2 + (int)length;
        var digest = source.Slice(n1 + n2, (int)length);
        if ((MultihashCode)code is MultihashCode.Sha2_256 or MultihashCode.Blake3 && digest.Length != 32)
            throw new FormatException($"{(MultihashCode)code} digest must be 32 bytes, got {digest.Length}");
        return new Multihash((MultihashCode)code, digest.ToArray(), source[..bytesRead].ToArray());
    }

    /// <summary>Parses a multihash that spans all of <paramref name="bytes"/>.</summary>
    public static Multihash Parse(ReadOnlySpan<byte> bytes)
    {
        var mh = Read(bytes, out int n);
        if (n != bytes.Length)
            throw new FormatException($"{bytes.Length - n} trailing bytes after the multihash");
        return mh;
    }

    public bool Equals(Multihash? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as Multihash);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
    public override string ToString() => Base58.Encode(_bytes);
}
