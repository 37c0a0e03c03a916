using Fluence.Kernel.Plugins.Air.Hashing;

namespace Fluence.Kernel.Plugins.Air.Tests.Hashing;

/// <summary>
/// The plugin's BLAKE3 against the BLAKE3 package (the reference) and the official test vectors, on every
/// instruction-set path this machine runs.
/// </summary>
public sealed class Blake3DigestTests
{
    private const int Chunk = 1024;

    /// <summary>The instruction-set paths by name (Scalar, Sse41, Avx2); one the machine lacks falls back to the next lower.</summary>
    public static TheoryData<string> Paths() => new(Enum.GetNames<Blake3Isa>());

    /// <summary>Lengths around every chunk and tree boundary the tree code treats differently.</summary>
    public static TheoryData<int> BoundaryLengths()
    {
        var lengths = new SortedSet<int>
        {
            1023, 1024, 1025, 2047, 2048, 2049, 3 * Chunk, 8 * Chunk - 1, 8 * Chunk, 8 * Chunk + 1, 9 * Chunk,
            16 * Chunk - 1, 16 * Chunk, 16 * Chunk + 1, 31 * Chunk, 33 * Chunk,
            128 * Chunk - 1, 128 * Chunk, 128 * Chunk + 1, 129 * Chunk, 257 * Chunk + 5,
            (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (1 << 20) + 777,
        };
        // Every chunk count up to 64 and beyond, whole and with a partial last chunk.
        for (var chunks = 1; chunks <= 70; chunks++)
        {
            lengths.Add(chunks * Chunk);
            lengths.Add(chunks * Chunk + 1 + chunks * 7 % 1000);
        }
        var data = new TheoryData<int>();
        foreach (var length in lengths)
            data.Add(length);
        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_length_up_to_three_chunks_hashes_as_the_reference_does(string path)
    {
        var isa = Enum.Parse<Blake3Isa>(path);
        var input = RandomBytes(3000, seed: 8);
        for (var length = 0; length <= input.Length; length++)
            AssertSameAsReference(input.AsSpan(0, length), isa);
    }

    [Theory]
    [MemberData(nameof(BoundaryLengths))]
    public void Inputs_around_chunk_and_tree_boundaries_hash_as_the_reference_does_on_every_path(int length)
    {
        var input = RandomBytes(length, seed: length);
        foreach (var isa in Enum.GetValues<Blake3Isa>())
            AssertSameAsReference(input, isa);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Random_lengths_and_contents_hash_as_the_reference_does(string path)
    {
        var isa = Enum.Parse<Blake3Isa>(path);
        var random = new Random(2026);
        for (var i = 0; i < 200; i++)
        {
            var length = random.Next(0, i % 4 == 0 ? 300_000 : 20_000);
            var input = new byte[length];
            random.NextBytes(input);
            AssertSameAsReference(input, isa);
        }
    }

    [Theory]
    [InlineData(0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")]
    [InlineData(1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213")]
    [InlineData(1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11")]
    [InlineData(1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7")]
    [InlineData(1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444")]
    [InlineData(2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a")]
    [InlineData(2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b6879522563030")]
    [InlineData(3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd2")]
    [InlineData(3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3")]
    [InlineData(4096, "015094013f57a5277b59d8475c0501042c0b642e531b0a1c8f58d2163229e969")]
    [InlineData(4097, "9b4052b38f1c5fc8b1f9ff7ac7b27cd242487b3d890d15c96a1c25b8aa0fb995")]
    [InlineData(5120, "9cadc15fed8b5d854562b26a9536d9707cadeda9b143978f319ab34230535833")]
    [InlineData(5121, "628bd2cb2004694adaab7bbd778a25df25c47b9d4155a55f8fbd79f2fe154cff")]
    [InlineData(6144, "3e2e5b74e048f3add6d21faab3f83aa44d3b2278afb83b80b3c35164ebeca205")]
    [InlineData(6145, "f1323a8631446cc50536a9f705ee5cb619424d46887f3c376c695b70e0f0507f")]
    [InlineData(7168, "61da957ec2499a95d6b8023e2b0e604ec7f6b50e80a9678b89d2628e99ada77a")]
    [InlineData(7169, "a003fc7a51754a9b3c7fae0367ab3d782dccf28855a03d435f8cfe74605e7817")]
    [InlineData(8192, "aae792484c8efe4f19e2ca7d371d8c467ffb10748d8a5a1ae579948f718a2a63")]
    [InlineData(8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b")]
    [InlineData(16384, "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4")]
    [InlineData(31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47")]
    [InlineData(102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085")]
    public void The_official_test_vectors_hash_to_their_published_values_on_every_path(int length, string expected)
    {
        // The official inputs: bytes 0, 1, …, 250 repeating.
        var input = new byte[length];
        for (var i = 0; i < length; i++)
            input[i] = (byte)(i % 251);
        foreach (var isa in Enum.GetValues<Blake3Isa>())
        {
            var hash = new byte[32];
            Blake3Digest.Hash(input, hash, isa);
            Assert.Equal(expected, Convert.ToHexStringLower(hash));
        }
    }

    [Fact]
    public void Hashing_from_many_threads_at_once_gives_each_input_its_own_hash()
    {
        var inputs = Enumerable.Range(0, 64).Select(i => RandomBytes(i * 4099 % 70_000, seed: 1000 + i)).ToArray();
        var expected = inputs.Select(Reference).ToArray();
        var failures = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var i = n % inputs.Length;
            var hash = new byte[32];
            Blake3Digest.Hash(inputs[i], hash);
            if (!hash.AsSpan().SequenceEqual(expected[i]))
                Interlocked.Increment(ref failures);
        });
        Assert.Equal(0, failures);
    }

    [Fact]
    public void A_hash_is_written_into_the_first_32_bytes_of_a_larger_span_and_a_shorter_one_is_refused()
    {
        var input = RandomBytes(5000, seed: 3);
        var hash = new byte[40];
        Blake3Digest.Hash(input, hash);
        Assert.Equal(Reference(input), hash[..32]);
        Assert.All(hash[32..], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => Blake3Digest.Hash(input, new byte[31]));
    }

    private static void AssertSameAsReference(ReadOnlySpan<byte> input, Blake3Isa isa)
    {
        Span<byte> ours = stackalloc byte[32];
        Blake3Digest.Hash(input, ours, isa);
        var expected = Reference(input.ToArray());
        if (!ours.SequenceEqual(expected))
            Assert.Fail($"{isa} hash of {input.Length} bytes is {Convert.ToHexStringLower(ours)}, the reference gives {Convert.ToHexStringLower(expected)}");
    }

    private static byte[] Reference(byte[] input)
    {
        var hash = new byte[32];
        Blake3.Hasher.Hash(input, hash);
        return hash;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
