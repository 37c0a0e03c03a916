using Fluence.Kernel.Plugins.Air.Hashing;

namespace Fluence.Kernel.Plugins.Air.Tests.Hashing;

/// <summary>
/// <see cref="Blake3Digest.HashChunks"/> (many inputs of up to one chunk at once) against
/// <see cref="Blake3Digest.Hash(ReadOnlySpan{byte}, Span{byte})"/> one input at a time, on every instruction-set path.
/// </summary>
public sealed class Blake3BatchTests
{
    private const int Chunk = 1024;

    public static TheoryData<string> Paths() => new(Enum.GetNames<Blake3Isa>());

    [Theory]
    [MemberData(nameof(Paths))]
    public void Batches_of_one_length_hash_as_one_at_a_time_for_every_length_up_to_a_chunk(string path)
    {
        var isa = Enum.Parse<Blake3Isa>(path);
        var random = new Random(11);
        for (var length = 0; length <= Chunk; length++)
        {
            // Eight and four lanes, the single tail, and a batch of one.
            foreach (var count in (int[])[1, 8 + 4 + 3])
                AssertBatchHashesAsSingles(Enumerable.Repeat(length, count).ToArray(), random, isa);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Batches_of_unequal_lengths_hash_as_one_at_a_time(string path)
    {
        var isa = Enum.Parse<Blake3Isa>(path);
        var random = new Random(12);
        for (var round = 0; round < 300; round++)
        {
            var count = random.Next(1, 40);
            // Mostly lengths with as many blocks (different last blocks in one kernel call), sometimes any length.
            var blocks = random.Next(1, 17);
            var lengths = new int[count];
            for (var i = 0; i < count; i++)
                lengths[i] = round % 3 == 0 ? random.Next(0, Chunk + 1) : Math.Max(0, (blocks - 1) * 64 + random.Next(blocks == 1 ? 0 : 1, 65));
            AssertBatchHashesAsSingles(lengths, random, isa);
        }
    }

    [Fact]
    public void Inputs_longer_than_a_chunk_or_their_stride_are_refused()
    {
        var inputs = new byte[4 * Chunk];
        Assert.Throws<ArgumentOutOfRangeException>(() => Blake3Digest.HashChunks(inputs, 2 * Chunk, [Chunk + 1], new byte[32], Blake3Isa.Avx2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Blake3Digest.HashChunks(inputs, 64, [65], new byte[32], Blake3Isa.Avx2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Blake3Digest.HashChunks(inputs, 64, [1, 1], new byte[32], Blake3Isa.Avx2));
    }

    // Lays the inputs out as HashChunks takes them (random bytes, zero after each input's end) and compares every hash.
    private static void AssertBatchHashesAsSingles(int[] lengths, Random random, Blake3Isa isa)
    {
        var stride = Chunk + 64 * random.Next(0, 2);
        var inputs = new byte[lengths.Length * stride];
        for (var i = 0; i < lengths.Length; i++)
            random.NextBytes(inputs.AsSpan(i * stride, lengths[i]));
        var hashes = new byte[lengths.Length * 32];
        Blake3Digest.HashChunks(inputs, stride, lengths, hashes, isa);
        Span<byte> expected = stackalloc byte[32];
        for (var i = 0; i < lengths.Length; i++)
        {
            Blake3Digest.Hash(inputs.AsSpan(i * stride, lengths[i]), expected, Blake3Isa.Scalar);
            if (!hashes.AsSpan(i * 32, 32).SequenceEqual(expected))
                Assert.Fail($"{isa}: input {i} of [{string.Join(", ", lengths)}] hashes to {Convert.ToHexStringLower(hashes.AsSpan(i * 32, 32))}, alone to {Convert.ToHexStringLower(expected)}");
        }
    }
}
