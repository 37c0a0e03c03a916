namespace Fluence.Kernel.Plugins.Air.Hashing;

/// <summary>The fixed numbers of the BLAKE3 specification (hash mode).</summary>
internal static class Blake3Constants
{
    public const int BlockBytes = 64;
    public const int ChunkBytes = 1024;
    public const int BlocksPerChunk = ChunkBytes / BlockBytes;
    public const int CvBytes = 32;
    public const int Rounds = 7;

    // Domain flags (spec §2.1).
    public const uint ChunkStart = 1;
    public const uint ChunkEnd = 2;
    public const uint Parent = 4;
    public const uint Root = 8;

    // The initialization vector: SHA-256's, also the key in hash mode.
    public const uint Iv0 = 0x6A09E667, Iv1 = 0xBB67AE85, Iv2 = 0x3C6EF372, Iv3 = 0xA54FF53A;
    public const uint Iv4 = 0x510E527F, Iv5 = 0x9B05688C, Iv6 = 0x1F83D9AB, Iv7 = 0x5BE0CD19;

    /// <summary>Message word order of each round: round r+1 takes word <c>P[i]</c> of round r, P = 2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8.</summary>
    public static ReadOnlySpan<byte> Schedule =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8,
        3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1,
        10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6,
        12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4,
        9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7,
        11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13,
    ];
}
