using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Tests.Oracle;

namespace Fluence.Kernel.Plugins.Air.Tests.Syntax;

/// <summary>Our parser against AquaVM's own (the <c>ast</c> export of the real avm.wasm).</summary>
[Collection(OracleCollection.Name)]
public sealed partial class ParserDifferentialTests(AquaVmOracle oracle)
{
    public static TheoryData<int> CorpusIndexes() => new(Enumerable.Range(0, AirCorpus.Scripts.Length));

    [Theory]
    [MemberData(nameof(CorpusIndexes))]
    public void A_corpus_script_parses_exactly_as_AquaVM_parses_it(int index) => AssertSameAsAquaVm(AirCorpus.Scripts[index], comparePositions: true);

    [Fact]
    public void Random_valid_scripts_give_the_same_AST_as_AquaVM()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var script = RandomAirScripts.Valid(seed);
            var (ast, error) = oracle.Ast(script);
            Assert.True(error is null, $"generator produced a script AquaVM rejects (seed {seed}):\n{script}\n{error}");
            Assert.True(JsonNode.DeepEquals(AsJavaScriptSees(ast), AsJavaScriptSees(AquaVmAstJson.Of(AirParser.Parse(script)))), $"AST differs for seed {seed}:\n{script}");
        }, iter: 300, threads: 1);
    }

    // Positions are compared on the corpus only: after a grammar error AquaVM's error recovery goes on parsing and
    // validating, and which of its several errors comes first is not something we reproduce in general.
    [Fact]
    public void Randomly_broken_scripts_are_accepted_or_rejected_as_AquaVM_does()
    {
        Gen.Int[0, int.MaxValue].Sample(seed => AssertSameAsAquaVm(RandomAirScripts.Mutated(seed), comparePositions: false), iter: 2000, threads: 1);
    }

    private void AssertSameAsAquaVm(string script, bool comparePositions)
    {
        var (expected, aquaError) = oracle.Ast(script);
        var parsed = AirParser.TryParse(script, out var instruction, out var ours);
        if (expected is not null)
        {
            Assert.True(parsed, $"AquaVM accepts but we reject:\n{script}\nour error: {ours?.Message}");
            var actual = AquaVmAstJson.Of(instruction!);
            Assert.True(JsonNode.DeepEquals(AsJavaScriptSees(expected), AsJavaScriptSees(actual)), $"AST differs for:\n{script}\nAquaVM: {expected.ToJsonString()}\nours:   {actual!.ToJsonString()}");
            return;
        }
        Assert.False(parsed, $"AquaVM rejects but we accept:\n{script}\nAquaVM: {aquaError}");
        if (!comparePositions)
            return;
        var at = FirstPosition().Match(aquaError!);
        Assert.True(at.Success, $"no position in AquaVM's error: {aquaError}");
        var aquaLocation = (int.Parse(at.Groups[1].Value), int.Parse(at.Groups[2].Value));
        Assert.True(aquaLocation == (ours!.First.Line, ours.First.Column),
            $"error position differs for:\n{script}\nAquaVM: {aquaError}\nours: {ours.Message}");
    }

    // The oracle's JSON went through JavaScript numbers: i64 beyond 2^53 lose precision and -0 prints as 0.
    private static JsonNode? AsJavaScriptSees(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, AsJavaScriptSees(p.Value)))),
        JsonArray a => new JsonArray(a.Select(AsJavaScriptSees).ToArray()),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) + 0.0),
        _ => node?.DeepClone(),
    };

    [GeneratedRegex(@"script\.air:(\d+):(\d+)")]
    private static partial Regex FirstPosition();
}
