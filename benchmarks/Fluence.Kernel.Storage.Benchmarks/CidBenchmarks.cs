using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Content;
using Fluence.Kernel.Storage.UnixFs;

namespace Fluence.Kernel.Storage.Benchmarks;

/// <summary>The CID of a file (chunking, a SHA-256 per leaf, the dag-pb nodes) against one SHA-256 over the same bytes.</summary>
[Config(typeof(InProcessConfig.Short))]
[MemoryDiagnoser]
public class CidBenchmarks
{
    private byte[] _bytes = null!;

    [Params(1024 * 1024, 100 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bytes = new byte[Size];
        new Random(7).NextBytes(_bytes);
    }

    [Benchmark(Baseline = true, Description = "SHA-256")]
    public byte[] Sha256() => SHA256.HashData(_bytes);

    [Benchmark(Description = "UnixFS CIDv1")]
    public Cid UnixFsCid() => UnixFsFileHasher.Compute(_bytes).Cid;
}
