using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Tests.Values;

/// <summary>The token-by-token reader against System.Text.Json's document (what it replaced) on the same text.</summary>
public sealed class AirJsonParsingTests
{
    [Theory]
    [InlineData("[1,[2,[3,[]]],{\"b\":[4,5],\"a\":[6]},7]")]
    [InlineData("{\"k\":1,\"k\":[2,3]}")]
    [InlineData("[18446744073709551615,-9223372036854775808,1.5,1e300,true,false,null,\"x\"]")]
    public void Nested_arrays_and_objects_read_as_the_same_tree(string text)
    {
        var fromText = AirJson.Parse(text);
        var fromUtf8 = AirJson.Parse(Encoding.UTF8.GetBytes(text).AsMemory());

        Assert.True(JsonNode.DeepEquals(fromText, fromUtf8));
        Assert.Equal(AirJson.Serialize(fromText), AirJson.Serialize(fromUtf8));
    }

    [Theory]
    [InlineData("[1,2")]
    [InlineData("[1,2] 3")]
    [InlineData("")]
    [InlineData("{\"a\":}")]
    public void Text_that_is_not_json_fails_with_System_Text_Json_s_own_message(string text)
    {
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));

        var error = Assert.ThrowsAny<JsonException>(() => AirJson.Parse(text));

        Assert.Equal(expected.Message, error.Message);
    }

    [Fact]
    public void A_number_beyond_f64_fails_as_out_of_range()
    {
        var error = Assert.Throws<JsonException>(() => AirJson.Parse("[1e999]"));

        Assert.Contains("1e999 is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_string_keeps_its_text()
    {
        var text = new string('y', 5000);

        var value = AirJson.Parse($"[\"{text}\"]");

        Assert.Equal(text, value![0]!.GetValue<string>());
    }

    [Fact]
    public void Text_that_is_not_valid_UTF_16_fails_as_before()
    {
        var broken = "\"\ud800\"";

        var expected = Assert.ThrowsAny<Exception>(() => JsonDocument.Parse(broken)).GetType();

        Assert.Equal(expected, Record.Exception(() => AirJson.Parse(broken))!.GetType());
    }
}
