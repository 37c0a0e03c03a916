using System.Security.Cryptography;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// Deterministic Ed25519 signing (RFC 8032 §5.1.6) byte-identical to libsodium's <c>crypto_sign_detached</c>, with
/// SHA-512 from <see cref="System.Security.Cryptography"/> (OpenSSL's vectorised one, twice libsodium's portable
/// speed on the multi-kilobyte CID lists a peer signs) and the group and scalar arithmetic from libsodium.
/// </summary>
internal static class Ed25519Signer
{
    public const int SignatureLength = 64;

    /// <summary>
    /// The message length from which this signer beats libsodium's own: below it the OpenSSL calls cost more than
    /// the faster hashing saves (measured: even at 512 B, 1 µs slower at 18 B, 4 µs faster at 2 KB, 60 µs at 32 KB).
    /// </summary>
    public const int MinimumWorthwhileMessage = 512;

    // One reusable SHA-512 state per thread: creating one per hash costs more than hashing a short message.
    [ThreadStatic]
    private static IncrementalHash? t_sha512;

    /// <summary>Writes the 64-byte signature R ‖ S of <paramref name="message"/> into <paramref name="signature"/>.</summary>
    public static void Sign(Ed25519ExpandedKey key, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (signature.Length != SignatureLength)
            throw new ArgumentException($"an Ed25519 signature is {SignatureLength} bytes, got {signature.Length}", nameof(signature));
        var sha = t_sha512 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        Span<byte> digest = stackalloc byte[64];
        Span<byte> r = stackalloc byte[32];
        Span<byte> k = stackalloc byte[32];
        try
        {
            // r = SHA-512(prefix ‖ M) mod L; R = r·B.
            sha.AppendData(key.Prefix);
            sha.AppendData(message);
            sha.GetHashAndReset(digest);
            Sodium.ScalarReduce(digest, r);
            var R = signature[..32];
            if (!Sodium.ScalarMultBase(r, R))
                throw new CryptographicException("an Ed25519 nonce of zero");

            // k = SHA-512(R ‖ A ‖ M) mod L; S = r + k·a mod L.
            sha.AppendData(R);
            sha.AppendData(key.PublicKey);
            sha.AppendData(message);
            sha.GetHashAndReset(digest);
            Sodium.ScalarReduce(digest, k);
            var S = signature[32..];
            Sodium.ScalarMul(k, key.Scalar, S);
            Sodium.ScalarAdd(S, r, S);
        }
        catch
        {
            // A failure between appending and finishing would leave input in the reused state: start over.
            t_sha512 = null;
            sha.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(digest);
            CryptographicOperations.ZeroMemory(r);
        }
    }
}
