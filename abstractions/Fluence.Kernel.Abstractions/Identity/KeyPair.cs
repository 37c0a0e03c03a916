using Fluence.Kernel.Multiformats;
using NSec.Cryptography;

namespace Fluence.Kernel.Identity;

/// <summary>
/// An Ed25519 key pair made from its 32-byte seed, the form Fluence tooling stores (base64 in CLI secrets and Nox's
/// <c>secret_key.ed25519</c>, base58 in js-client's <c>fromBase58Sk</c>) and the form AquaVM receives.
/// </summary>
public sealed class KeyPair : IDisposable
{
    public const int SeedLength = 32;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    private readonly Key _key;
    private readonly byte[] _seed;

    private KeyPair(byte[] seed)
    {
        _seed = seed;
        _key = Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        PublicKey = _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        PeerId = PeerId.FromPublicKey(PublicKey);
    }

    public PeerId PeerId { get; }
    public byte[] PublicKey { get; }

    /// <summary>The 32-byte seed (what AquaVM calls <c>secret_key_bytes</c>).</summary>
    public ReadOnlySpan<byte> Seed => _seed;

    public static KeyPair Generate() => new(RandomSeed());

    public static KeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
            throw new FormatException($"an Ed25519 secret key is a 32-byte seed, got {seed.Length} bytes");
        return new KeyPair(seed.ToArray());
    }

    public static KeyPair FromBase64(string text)
    {
        byte[] seed;
        try
        {
            seed = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("secret key is not valid base64");
        }
        return FromSeed(seed);
    }

    public static KeyPair FromBase58(string text)
    {
        if (!Base58.TryDecode(text.Trim(), out var seed, out var error))
            throw new FormatException($"secret key is not valid base58: {error}");
        return FromSeed(seed);
    }

    public string ToBase64() => Convert.ToBase64String(_seed);
    public string ToBase58() => Base58.Encode(_seed);

    /// <summary>Ed25519 signature (64 bytes) of <paramref name="data"/>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => Algorithm.Sign(_key, data);

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => Algorithm.Sign(_key, data, signature);

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"KeyPair({PeerId})";

    private static byte[] RandomSeed()
    {
        var seed = new byte[SeedLength];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        return seed;
    }
}
