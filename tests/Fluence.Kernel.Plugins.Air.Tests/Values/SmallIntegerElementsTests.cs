using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Tests.Values;

/// <summary>Host arguments that are small integers: nodes over shared elements, read as a parsed integer reads.</summary>
public sealed class SmallIntegerElementsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(500)]
    [InlineData(1023)]
    public void A_small_integer_reads_as_its_parsed_text_does(int integer)
    {
        var parsed = JsonNode.Parse(integer.ToString(System.Globalization.CultureInfo.InvariantCulture))!.AsValue();

        Assert.True(SmallIntegerElements.TryCreateNode(JsonValue.Create((ulong)integer), out var node));

        var value = Assert.IsAssignableFrom<JsonValue>(node);
        Assert.Equal(parsed.GetValueKind(), value.GetValueKind());
        Assert.Equal(parsed.GetValue<long>(), value.GetValue<long>());
        Assert.Equal(parsed.GetValue<int>(), value.GetValue<int>());
        Assert.Equal(parsed.GetValue<double>(), value.GetValue<double>());
        Assert.Equal(parsed.ToJsonString(), value.ToJsonString());
        Assert.Equal(parsed.GetValue<JsonElement>().GetRawText(), value.GetValue<JsonElement>().GetRawText());
    }

    [Fact]
    public void Each_node_is_its_own_and_can_join_a_container()
    {
        Assert.True(SmallIntegerElements.TryCreateNode(JsonValue.Create(3ul), out var first));
        Assert.True(SmallIntegerElements.TryCreateNode(JsonValue.Create(3ul), out var second));

        Assert.NotSame(first, second);
        var array = new JsonArray(first, second);
        Assert.Equal("[3,3]", array.ToJsonString());
    }

    [Theory]
    [InlineData("1024")]
    [InlineData("-1")]
    [InlineData("1.0")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    public void Other_values_are_left_to_the_parsed_text(string text)
    {
        Assert.False(SmallIntegerElements.TryCreateNode(AirJson.Parse(text)!.AsValue(), out _));
    }
}
