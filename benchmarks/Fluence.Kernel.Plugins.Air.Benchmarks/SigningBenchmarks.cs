using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Benchmarks;

/// <summary>
/// Ed25519 signing of a data-signature-sized message: NSec (libsodium, hashing the seed again each time) against
/// <see cref="Ed25519Signer"/> (the key expanded once; libsodium's SHA-512 under 512 B, OpenSSL's from there).
/// 64 B is a hop with no CIDs, 6 KB the end of seq-chain-100, 32 KB call-results-500. Verification (NSec) is
/// measured alongside for scale.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly byte[] _signature = new byte[Ed25519Signer.SignatureLength];
    private KeyPair _pair = null!;
    private Ed25519ExpandedKey _expanded = null!;
    private byte[] _message = [];
    private byte[] _valid = [];

    [Params(64, 6 * 1024, 32 * 1024)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var seed = new byte[32];
        random.NextBytes(seed);
        _pair = KeyPair.FromSeed(seed);
        _expanded = new Ed25519ExpandedKey(seed);
        _message = new byte[MessageBytes];
        random.NextBytes(_message);
        _valid = _pair.Sign(_message);
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] Sign_NSec()
    {
        _pair.Sign(_message, _signature);
        return _signature;
    }

    [Benchmark]
    public byte[] Sign_Ed25519Signer()
    {
        Ed25519Signer.Sign(_expanded, _message, _signature);
        return _signature;
    }

    [Benchmark]
    public bool Verify_NSec() => _pair.PeerId.Verify(_message, _valid);
}
