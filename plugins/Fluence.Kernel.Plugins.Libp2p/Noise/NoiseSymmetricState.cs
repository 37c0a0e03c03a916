using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Fluence.Kernel.Plugins.Libp2p.Noise;

/// <summary>The Noise SymmetricState of <c>Noise_XX_25519_ChaChaPoly_SHA256</c>: chaining key, handshake hash, cipher.</summary>
internal sealed class NoiseSymmetricState : IDisposable
{
    public const string ProtocolName = "Noise_XX_25519_ChaChaPoly_SHA256";
    private readonly byte[] _ck = new byte[32];
    private readonly byte[] _h = new byte[32];
    private NoiseCipherState? _cipher;

    public NoiseSymmetricState()
    {
        // The name is exactly 32 bytes (HASHLEN), so it is used as h directly; the prologue is empty.
        Encoding.ASCII.GetBytes(ProtocolName).CopyTo(_h, 0);
        _h.CopyTo(_ck, 0);
        MixHash([]);
    }

    public bool HasKey => _cipher is not null;

    public void MixHash(ReadOnlySpan<byte> data)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(_h);
        sha.AppendData(data);
        sha.GetHashAndReset(_h);
    }

    /// <summary>MixKey(DH output): HKDF(ck, dh) → (ck, k). NSec keeps the DH output opaque, so HKDF runs inside it.</summary>
    public void MixKey(SharedSecret dh)
    {
        Span<byte> output = stackalloc byte[64];
        KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(dh, _ck, [], output);
        output[..32].CopyTo(_ck);
        _cipher?.Dispose();
        _cipher = new NoiseCipherState(output[32..]);
        CryptographicOperations.ZeroMemory(output);
    }

    public byte[] EncryptAndHash(ReadOnlySpan<byte> plaintext)
    {
        byte[] ciphertext;
        if (_cipher is null)
            ciphertext = plaintext.ToArray();
        else
        {
            ciphertext = new byte[plaintext.Length + NoiseCipherState.TagLength];
            _cipher.Encrypt(_h, plaintext, ciphertext);
        }
        MixHash(ciphertext);
        return ciphertext;
    }

    public byte[] DecryptAndHash(ReadOnlySpan<byte> ciphertext)
    {
        byte[] plaintext;
        if (_cipher is null)
            plaintext = ciphertext.ToArray();
        else
        {
            if (ciphertext.Length < NoiseCipherState.TagLength)
                throw new Wire.Libp2pProtocolException("noise: handshake message too short for its authentication tag");
            plaintext = new byte[ciphertext.Length - NoiseCipherState.TagLength];
            if (!_cipher.TryDecrypt(_h, ciphertext, plaintext))
                throw new Wire.Libp2pProtocolException("noise: handshake message failed authentication");
        }
        MixHash(ciphertext);
        return plaintext;
    }

    /// <summary>Split(): the two transport ciphers, initiator→responder first.</summary>
    public (NoiseCipherState First, NoiseCipherState Second) Split()
    {
        var keys = HKDF.DeriveKey(HashAlgorithmName.SHA256, [], 64, _ck, []);
        var result = (new NoiseCipherState(keys.AsSpan(0, 32)), new NoiseCipherState(keys.AsSpan(32, 32)));
        CryptographicOperations.ZeroMemory(keys);
        return result;
    }

    public void Dispose()
    {
        _cipher?.Dispose();
        CryptographicOperations.ZeroMemory(_ck);
    }
}
