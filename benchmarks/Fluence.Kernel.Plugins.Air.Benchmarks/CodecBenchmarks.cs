using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Benchmarks;

/// <summary>Decoding and encoding InterpreterData holding N executed calls (each with its value, tetraplet and service result).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private byte[] _bytes = [];
    private InterpreterData _data = new();

    [Params(10, 500)]
    public int Calls { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const string peer = "12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr";
        var tetraplet = new StoredTetraplet(peer, "op", "identity", "");
        var tetrapletCid = new CidRef(AquaCid.Of(tetraplet));
        _data.CidInfo.Tetraplets.Add(tetrapletCid, tetraplet);
        for (var i = 0; i < Calls; i++)
        {
            var json = $"{{\"index\":{i},\"text\":\"value number {i}\"}}";
            var value = new CidRef(AquaCid.OfJson(json));
            var result = new ServiceResult(value, new CidRef(AquaCid.OfJson($"[{i}]")), tetrapletCid);
            var resultCid = new CidRef(AquaCid.Of(result));
            _data.CidInfo.Values.Add(value, new RawValue(json));
            _data.CidInfo.ServiceResults.Add(resultCid, result);
            _data.Trace.Add(new CallState(new Executed(new ValueRef(ValueKind.Scalar, resultCid))));
        }
        _data.Signatures.Add(new PeerSignature(new byte[33], new byte[65]));
        _bytes = InterpreterDataCodec.Encode(_data);
    }

    [Benchmark]
    public InterpreterData Decode() => InterpreterDataCodec.Decode(_bytes);

    [Benchmark]
    public byte[] Encode() => InterpreterDataCodec.Encode(_data);
}
