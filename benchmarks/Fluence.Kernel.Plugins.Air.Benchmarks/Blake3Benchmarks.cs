using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Plugins.Air.Hashing;

namespace Fluence.Kernel.Plugins.Air.Benchmarks;

/// <summary>
/// BLAKE3-256 of one input: the BLAKE3 package (the baseline) against the plugin's own <see cref="Blake3Digest"/>.
/// 16–200 B are the stored values and tetraplets behind most CIDs, 1 KiB one chunk, 64 KiB and 1 MiB large call
/// results (merge-1mib-result checks the CID of a 1 MiB string).
/// </summary>
[MemoryDiagnoser]
public class Blake3Benchmarks
{
    private readonly byte[] _hash = new byte[32];
    private byte[] _input = [];

    [Params(16, 64, 200, 1024, 64 * 1024, 1024 * 1024)]
    public int InputBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = new byte[InputBytes];
        new Random(42).NextBytes(_input);
    }

    [Benchmark(Baseline = true)]
    public byte[] Package()
    {
        Blake3.Hasher.Hash(_input, _hash);
        return _hash;
    }

    [Benchmark]
    public byte[] Own()
    {
        Blake3Digest.Hash(_input, _hash);
        return _hash;
    }
}
