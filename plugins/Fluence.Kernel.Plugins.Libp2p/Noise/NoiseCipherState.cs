using System.Buffers.Binary;
using NSec.Cryptography;

namespace Fluence.Kernel.Plugins.Libp2p.Noise;

/// <summary>A Noise CipherState: a ChaCha20-Poly1305 key and its 64-bit nonce counter (nonce = 4 zero bytes ‖ n LE).</summary>
internal sealed class NoiseCipherState : IDisposable
{
    public const int TagLength = 16;
    private static readonly AeadAlgorithm Aead = AeadAlgorithm.ChaCha20Poly1305;
    private readonly Key _key;
    private ulong _nonce;

    public NoiseCipherState(ReadOnlySpan<byte> key)
    {
        _key = Key.Import(Aead, key, KeyBlobFormat.RawSymmetricKey);
    }

    public void Encrypt(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext)
    {
        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        Aead.Encrypt(_key, nonce, associatedData, plaintext, ciphertext[..(plaintext.Length + TagLength)]);
    }

    public bool TryDecrypt(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        if (ciphertext.Length < TagLength)
            return false;
        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        return Aead.Decrypt(_key, nonce, associatedData, ciphertext, plaintext[..(ciphertext.Length - TagLength)]);
    }

    private void NextNonce(Span<byte> nonce)
    {
        // The spec reserves 2^64-1; a connection never gets near it, but reusing a nonce would be fatal.
        if (_nonce == ulong.MaxValue)
            throw new InvalidOperationException("noise nonce exhausted");
        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _nonce++);
    }

    public void Dispose() => _key.Dispose();
}
