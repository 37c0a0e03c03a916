using System.Security.Cryptography;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// An Ed25519 secret seed expanded once (RFC 8032 §5.1.5): h = SHA-512(seed), the clamped scalar a = h[0..32]
/// (kept reduced mod L), the nonce prefix h[32..64], and the public key A = a·B. Immutable, so shared by
/// concurrent signers. The secret halves live in one pinned array (the GC never leaves copies of it behind)
/// that is zeroed when the key is finalized: a cache dropping the key cannot know whether an invocation still
/// signs with it, the finalizer can.
/// </summary>
internal sealed class Ed25519ExpandedKey
{
    public const int SeedLength = 32;

    // [0..32) a mod L, [32..64) the nonce prefix.
    private readonly byte[] _secret = GC.AllocateArray<byte>(64, pinned: true);
    private readonly byte[] _publicKey = new byte[32];

    public Ed25519ExpandedKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
            throw new ArgumentException($"an Ed25519 seed is {SeedLength} bytes, got {seed.Length}", nameof(seed));
        Span<byte> h = stackalloc byte[64];
        Span<byte> wide = stackalloc byte[64];
        try
        {
            SHA512.HashData(seed, h);
            h[0] &= 248;
            h[31] &= 127;
            h[31] |= 64;
            if (!Sodium.ScalarMultBase(h[..32], _publicKey))
                throw new CryptographicException("an Ed25519 scalar of zero");
            h[..32].CopyTo(wide);
            wide[32..].Clear();
            Sodium.ScalarReduce(wide, _secret.AsSpan(0, 32));
            h[32..].CopyTo(_secret.AsSpan(32));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(h);
            CryptographicOperations.ZeroMemory(wide);
        }
    }

    ~Ed25519ExpandedKey() => CryptographicOperations.ZeroMemory(_secret);

    /// <summary>The 32-byte public key A.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The secret scalar a, reduced mod L.</summary>
    internal ReadOnlySpan<byte> Scalar => _secret.AsSpan(0, 32);

    /// <summary>The nonce prefix (the upper half of SHA-512(seed)).</summary>
    internal ReadOnlySpan<byte> Prefix => _secret.AsSpan(32, 32);
}
