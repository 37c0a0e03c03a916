using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Tests.Oracle;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Tests.Values;

/// <summary>Lambdas applied by us and by the real AquaVM (an <c>ap</c> with the lambda, its error code caught by xor).</summary>
[Collection(OracleCollection.Name)]
public sealed class LambdaEvaluatorTests(AquaVmOracle oracle)
{
    private const string Value = """{"a":[1,{"b":"v"}],"n":2,"s":"str","e":[]}""";

    public static TheoryData<string, string, string> Cases() => new()
    {
        { Value, "\"a\"", ".$.a" },
        { Value, "\"a\"", ".$.a.[1].b" },
        { Value, "\"a\"", ".$.a[1].b!" },
        { Value, "\"a\"", ".$.a.[5]" },
        { Value, "\"a\"", ".$.zz" },
        { Value, "\"a\"", ".$.n.b" },
        { Value, "\"a\"", ".$.a.b" },
        { Value, "\"a\"", ".$.[0]" },
        { Value, "\"a\"", ".length" },
        { Value, "\"a\"", ".$.a.length" },
        { Value, "\"a\"", ".$.[k]" },
        { Value, "\"s\"", ".$.[k]" },
        { Value, "1", ".$.[k]" },
        { Value, "1", ".$.a.[k]" },
        { Value, "true", ".$.a.[k]" },
        { Value, "-1", ".$.a.[k]" },
        { Value, "1.0", ".$.a.[k]" },
        { Value, "null", ".$.[k]" },
        { Value, "\"zz\"", ".$.[k]" },
        { "[1,2,3]", "0", ".length" },
        { "[]", "0", ".length" },
        { "\"text\"", "0", ".length" },
        { "[[1,[2,3]]]", "1", ".$.[0].[k].[1]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_lambda_gives_what_AquaVM_gives(string valueJson, string keyJson, string lambdaText)
    {
        var air = "(seq (call %init_peer_id% (\"svc\" \"value\") [] x) (seq (call %init_peer_id% (\"svc\" \"key\") [] k) " +
                  $"(xor (seq (ap x{lambdaText} y) (call %init_peer_id% (\"return\" \"\") [\"ok\" y])) " +
                  "(call %init_peer_id% (\"return\" \"\") [\"error\" %last_error%.$.error_code]))))";
        var run = oracle.Run(new JsonObject
        {
            ["air"] = air,
            ["peers"] = new JsonArray("client"),
            ["services"] = new JsonObject
            {
                ["svc.value"] = new JsonObject { ["raw"] = valueJson },
                ["svc.key"] = new JsonObject { ["raw"] = keyJson },
            },
        });
        var aquaVm = run.Json["results"]![0]!.AsArray();

        var parsed = (SeqInstruction)AirParser.Parse($"(seq (ap 1 k) (seq (ap 1 x) (ap x{lambdaText} y)))");
        var lambda = ((ScalarVariable)((ApInstruction)((SeqInstruction)parsed.Right).Right).Argument).Lambda!;
        var key = AirJson.Parse(keyJson);
        try
        {
            var ours = LambdaEvaluator.Apply(AirJson.Parse(valueJson), lambda, _ => key);
            Assert.Equal("ok", aquaVm[0]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(AirJson.Parse(aquaVm[1]!.ToJsonString()), AirJson.Parse(AirJson.Serialize(ours))),
                $"AquaVM gave {aquaVm[1]?.ToJsonString()}, we gave {AirJson.Serialize(ours)}");
        }
        catch (AirValueException e)
        {
            Assert.True(aquaVm[0]!.GetValue<string>() == "error", $"AquaVM gave {aquaVm.ToJsonString()}, we failed: {e.Message}");
            Assert.Equal(aquaVm[1]!.GetValue<int>(), e.ErrorCode);
        }
    }
}
