using System.Text.Json.Nodes;

namespace Fluence.Kernel.AirScenarios.Tests;

public sealed class JsonEqualityTests
{
    [Theory]
    [InlineData("""{"a": 1, "b": [1, 2]}""", """{"b": [1, 2.0], "a": 1}""")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("null", "null")]
    [InlineData("[]", "[]")]
    public void Equal_values_compare_equal(string a, string b) => Assert.True(JsonEquality.Equal(JsonNode.Parse(a), JsonNode.Parse(b)));

    [Theory]
    [InlineData("""{"a": 1}""", """{"a": 1, "b": 2}""", "$.b: (missing) vs 2")]
    [InlineData("""{"a": [1, 2]}""", """{"a": [1, 3]}""", "$.a[1]: 2 vs 3")]
    [InlineData("""[1]""", """[1, 2]""", "$: 1 elements vs 2 ([1] vs [1,2])")]
    [InlineData("true", "false", "$: true vs false")]
    [InlineData("\"1\"", "1", "$: \"1\" vs 1")]
    [InlineData("18446744073709551615", "18446744073709551614", "$: 18446744073709551615 vs 18446744073709551614")]
    [InlineData("null", "0", "$: null vs 0")]
    public void The_first_difference_is_located(string a, string b, string difference) =>
        Assert.Equal(difference, JsonEquality.Difference(JsonNode.Parse(a), JsonNode.Parse(b)));
}
