namespace Fluence.Kernel.Storage.Benchmarks;

/// <summary>Random bytes whose every 256 KiB chunk is stamped with a counter, so each add stores new blocks (no dedup).</summary>
internal sealed class BenchmarkContent
{
    private const int Chunk = 256 * 1024;
    private readonly byte[] _bytes;
    private long _stamp;

    public BenchmarkContent(int size)
    {
        _bytes = new byte[size];
        new Random(42).NextBytes(_bytes);
    }

    public byte[] Bytes => _bytes;

    public MemoryStream Fresh()
    {
        long stamp = ++_stamp;
        for (int offset = 0; offset + 8 <= _bytes.Length; offset += Chunk)
            BitConverter.TryWriteBytes(_bytes.AsSpan(offset, 8), stamp);
        return new MemoryStream(_bytes, writable: false);
    }
}
