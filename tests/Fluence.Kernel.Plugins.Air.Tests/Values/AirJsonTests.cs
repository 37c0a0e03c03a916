using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Tests.Oracle;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Tests.Values;

/// <summary>Our value text against the text AquaVM stores (and hashes) for the same service result.</summary>
[Collection(OracleCollection.Name)]
public sealed class AirJsonTests(AquaVmOracle oracle)
{
    public static TheoryData<string> ServiceResults() => new(
    [
        "1", "-1", "0", "-0", "18446744073709551615", "-9223372036854775808", "18446744073709551616", "-9223372036854775809",
        "1.0", "1.50", "-0.0", "0.1", "1e2", "1e-7", "123456789012345678", "1e15", "1e16", "1.5e16", "0.0001",
        "0.00001", "3.141592653589793", "2.5e-300", "true", "null", "\"\"", "\"a\\u0041\\n\\u001f\\u007f é 日本 \\ud83d\\ude00\"",
        "[]", "{}", "{\"b\":1,\"a\":[1,{\"d\":null,\"c\":2}],\"a\":3}", "{\"é\":1,\"z\":2,\"\\ud83d\\ude00\":3,\"\\uffff\":4,\"A\":5}",
        " [ 1 , 2 ] ",
    ]);

    [Theory]
    [MemberData(nameof(ServiceResults))]
    public void A_service_result_is_stored_with_the_same_text_as_AquaVM_stores_it(string result)
    {
        var scenario = new JsonObject
        {
            ["air"] = "(call %init_peer_id% (\"svc\" \"raw\") [] x)",
            ["peers"] = new JsonArray("client"),
            ["services"] = new JsonObject { ["svc.raw"] = new JsonObject { ["raw"] = result } },
        };
        var run = oracle.Run(scenario);
        var data = InterpreterDataCodec.Decode(Convert.FromBase64String(run.Json["finalData"]!["client"]!.GetValue<string>()));
        var executed = Assert.IsType<Executed>(Assert.IsType<CallState>(Assert.Single(data.Trace)).Result);
        Assert.True(data.CidInfo.ServiceResults.TryGet(executed.Value.Cid.Value, out var stored));
        Assert.True(data.CidInfo.Values.TryGet(stored.ValueCid.Value, out var value));

        Assert.Equal(value.Json, AirJson.Canonical(result));
        Assert.Equal(stored.ValueCid.Value, AquaCid.OfJson(AirJson.Canonical(result)));
    }

    [Fact]
    public void A_number_beyond_f64_is_not_JSON_for_AquaVM_nor_for_us()
    {
        var scenario = new JsonObject
        {
            ["air"] = "(call %init_peer_id% (\"svc\" \"raw\") [] x)",
            ["peers"] = new JsonArray("client"),
            ["services"] = new JsonObject { ["svc.raw"] = new JsonObject { ["raw"] = "1E400" } },
        };
        var run = oracle.Run(scenario);
        var data = InterpreterDataCodec.Decode(Convert.FromBase64String(run.Json["finalData"]!["client"]!.GetValue<string>()));

        Assert.IsType<Failed>(Assert.IsType<CallState>(Assert.Single(data.Trace)).Result);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => AirJson.Canonical("1E400"));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1e21, "1e21")]
    [InlineData(123.456, "123.456")]
    [InlineData(-1e-10, "-1e-10")]
    [InlineData(1.2345e-5, "0.000012345")]
    [InlineData(1.2345e-6, "1.2345e-6")]
    [InlineData(double.NaN, "null")]
    public void Floats_are_printed_as_ryu_prints_them(double value, string expected) =>
        Assert.Equal(expected, AirJson.FormatFloat(value));
}
