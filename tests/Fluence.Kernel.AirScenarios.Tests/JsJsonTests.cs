using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios.Tests;

public sealed class JsJsonTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(2.0, "2")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(123.456, "123.456")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-2.5e-8, "-2.5e-8")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Numbers_are_written_as_ecmascript_writes_them(double value, string expected) => Assert.Equal(expected, JsJson.Number(value));

    [Fact]
    public void Strings_escape_only_what_json_stringify_escapes()
    {
        var text = JsJson.Stringify(JsonValue.Create("q\" b\\ n\n t\t \u0001 é 日本 </script> \ud800"));

        Assert.Equal("\"q\\\" b\\\\ n\\n t\\t \\u0001 é 日本 </script> \\ud800\"", text);
    }

    [Fact]
    public void Objects_keep_their_order_and_integers_stay_integers()
    {
        var node = JsonNode.Parse("""{"z": 1, "a": [true, null, -7, 18446744073709551615, 2.50], "m": {}}""");

        Assert.Equal("""{"z":1,"a":[true,null,-7,18446744073709551615,2.5],"m":{}}""", JsJson.Stringify(node));
    }
}
