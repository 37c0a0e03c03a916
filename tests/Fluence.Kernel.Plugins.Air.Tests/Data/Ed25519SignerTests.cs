using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary><see cref="Ed25519Signer"/> signs exactly as libsodium (through NSec's <see cref="KeyPair"/>) does.</summary>
public sealed class Ed25519SignerTests
{
    private static readonly int[] MessageLengths = [0, 1, 31, 32, 63, 64, 65, 127, 128, 129, 1024, 6 * 1024, 32 * 1024, 100 * 1024];

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Sign(Ed25519ExpandedKey key, ReadOnlySpan<byte> message)
    {
        var signature = new byte[Ed25519Signer.SignatureLength];
        Ed25519Signer.Sign(key, message, signature);
        return signature;
    }

    [Fact]
    public void Signatures_are_byte_identical_to_libsodiums_for_random_seeds_and_message_lengths()
    {
        var random = new Random(8032);
        foreach (var length in MessageLengths)
        {
            for (var i = 0; i < 16; i++)
            {
                var seed = Bytes(random, 32);
                var message = Bytes(random, length);
                using var pair = KeyPair.FromSeed(seed);
                Assert.Equal(Convert.ToHexString(pair.Sign(message)), Convert.ToHexString(Sign(new Ed25519ExpandedKey(seed), message)));
            }
        }
    }

    [Fact]
    public void Seeds_with_extreme_bytes_sign_as_libsodium_does()
    {
        byte[][] seeds = [new byte[32], Enumerable.Repeat((byte)0xFF, 32).ToArray(), Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()];
        var message = "a message"u8.ToArray();
        foreach (var seed in seeds)
        {
            using var pair = KeyPair.FromSeed(seed);
            Assert.Equal(pair.Sign(message), Sign(new Ed25519ExpandedKey(seed), message));
        }
    }

    [Fact]
    public void The_expanded_keys_public_key_is_the_key_pairs()
    {
        var random = new Random(5);
        for (var i = 0; i < 32; i++)
        {
            var seed = Bytes(random, 32);
            using var pair = KeyPair.FromSeed(seed);
            Assert.Equal(pair.PublicKey, new Ed25519ExpandedKey(seed).PublicKey.ToArray());
        }
    }

    [Fact]
    public void The_first_rfc8032_test_vector_signs_to_its_published_signature()
    {
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        var key = new Ed25519ExpandedKey(seed);
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexString(key.PublicKey).ToLowerInvariant());
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexString(Sign(key, [])).ToLowerInvariant());
    }

    [Fact]
    public void A_signature_verifies_under_its_key_and_not_under_another_or_over_another_message()
    {
        var random = new Random(11);
        var seed = Bytes(random, 32);
        var message = Bytes(random, 3000);
        var signature = Sign(new Ed25519ExpandedKey(seed), message);
        using var signer = KeyPair.FromSeed(seed);
        using var other = KeyPair.FromSeed(Bytes(random, 32));
        Assert.True(signer.PeerId.Verify(message, signature));
        Assert.False(other.PeerId.Verify(message, signature));
        message[1234] ^= 1;
        Assert.False(signer.PeerId.Verify(message, signature));
    }

    [Fact]
    public void Signing_from_many_threads_at_once_gives_each_message_its_own_signature()
    {
        var random = new Random(3);
        var seed = Bytes(random, 32);
        var key = new Ed25519ExpandedKey(seed);
        using var pair = KeyPair.FromSeed(seed);
        var messages = Enumerable.Range(0, 64).Select(i => Bytes(random, 100 + 97 * i)).ToArray();
        var expected = messages.Select(m => Convert.ToHexString(pair.Sign(m))).ToArray();
        var actual = new string[messages.Length];
        Parallel.For(0, messages.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var signature = Convert.ToHexString(Sign(key, messages[i % messages.Length]));
            if (i < messages.Length)
                actual[i] = signature;
            else
                Assert.Equal(expected[i % messages.Length], signature);
        });
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_seed_or_a_signature_buffer_of_the_wrong_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Ed25519ExpandedKey(new byte[31]));
        var key = new Ed25519ExpandedKey(new byte[32]);
        Assert.Throws<ArgumentException>(() => Ed25519Signer.Sign(key, [], new byte[63]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(500)]
    public void Data_signatures_on_either_side_of_the_signers_threshold_are_libsodiums_and_verify(int cidCount)
    {
        var cache = new SigningKeyCache();
        var seed = Bytes(new Random(17 + cidCount), 32);
        var key = cache.Get(seed);
        var texts = Enumerable.Range(0, cidCount).Select(i => AquaCid.Text(Bytes(new Random(i), AquaCid.ByteLength))).ToList();
        texts.Sort(StringComparer.Ordinal);
        var cids = texts.Select(text => new CidRef(text)).ToList();
        var signature = DataSignatures.Sign(key, cids, "particle");
        Assert.Equal(key.Sign(DataSignatures.Message(cids, "particle")), signature.Signature.AsSpan(1).ToArray());
        Assert.True(DataSignatures.Verify(signature, cids, "particle", out var peer));
        Assert.Equal(key.PeerId, peer);
        Assert.Same(SigningKeyCache.ExpandedKeyOf(key), SigningKeyCache.ExpandedKeyOf(cache.Get(seed)));
        Assert.False(DataSignatures.Verify(signature, cids, "another particle", out _));
    }
}
