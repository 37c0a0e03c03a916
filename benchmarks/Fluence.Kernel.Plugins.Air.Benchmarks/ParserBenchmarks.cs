using System.Text;
using BenchmarkDotNet.Attributes;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Benchmarks;

/// <summary>Parsing a 100-step seq chain of calls, fresh and through the parse cache (particles repeat scripts).</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly AirParseCache _cache = new();
    private string _script = "";

    [Params(1, 100)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < Steps; i++)
            builder.Append($"(seq (call %init_peer_id% (\"op\" \"identity\") [{i} \"text\"] x{i}) ");
        builder.Append("(null)").Append(')', Steps);
        _script = builder.ToString();
        _cache.Get(_script);
    }

    [Benchmark(Baseline = true)]
    public AirInstruction Parse() => AirParser.Parse(_script);

    [Benchmark]
    public AirInstruction ParseCached() => _cache.Get(_script);
}
