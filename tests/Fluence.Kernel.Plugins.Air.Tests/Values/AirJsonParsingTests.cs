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
    [InlineData("[0,1,2,999]")]
    [InlineData("[18446744073709551615,-9223372036854775808,-1,[],[[\"a b\"]],true,false,null]")]
    [InlineData("\"plain text, with spaces\"")]
    [InlineData("[\"\u00e9\u4e2d\"]")]
    public void Text_that_is_already_serde_json_s_is_given_back_as_the_value_s_text(string text)
    {
        var value = AirJson.Parse(text, out var serdeText);

        Assert.NotNull(serdeText);
        Assert.Equal(Encoding.UTF8.GetBytes(AirJson.Serialize(value)), serdeText);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData(" [1]")]
    [InlineData("[1]\n")]
    [InlineData("[-0]")]
    [InlineData("[1.0]")]
    [InlineData("[1e2]")]
    [InlineData("[18446744073709551616]")]
    [InlineData("[-9223372036854775809]")]
    [InlineData("[\"a\\u0041\"]")]
    [InlineData("[\"a\\/b\"]")]
    [InlineData("{\"a\":1}")]
    [InlineData("[{\"b\":1,\"a\":2}]")]
    public void Text_serde_json_would_write_otherwise_is_not_given_back(string text)
    {
        AirJson.Parse(text, out var serdeText);

        Assert.Null(serdeText);
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
    public void A_stored_value_that_is_one_long_string_reads_the_stored_bytes_without_copying_them()
    {
        var utf8 = Encoding.UTF8.GetBytes($"\"{new string('y', 5000)}\"");

        var value = AirJson.ParseStored(utf8, out var borrowed);
        utf8[1] = (byte)'z';

        Assert.True(borrowed);
        Assert.Equal("z" + new string('y', 4999), value!.GetValue<string>());
    }

    [Theory]
    [InlineData("[\"{0}\"]")]
    [InlineData("{{\"k\":\"{0}\"}}")]
    [InlineData("\"{0}\"  ")]
    public void A_long_stored_value_reads_as_the_same_tree_however_it_is_held(string template)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('y', 5000));

        var value = AirJson.ParseStored(Encoding.UTF8.GetBytes(text), out _);

        Assert.True(JsonNode.DeepEquals(AirJson.Parse(text), value));
        Assert.Equal(AirJson.Serialize(AirJson.Parse(text)), AirJson.Serialize(value));
    }

    [Theory]
    [InlineData("\"{0}\" 1")]
    [InlineData("\"{0}")]
    [InlineData("\"{0}\\q\"")]
    public void A_long_stored_string_that_is_not_json_fails_as_any_other_value(string template)
    {
        var utf8 = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, new string('y', 5000)));
        var expected = Assert.ThrowsAny<JsonException>(() => AirJson.Parse(utf8.AsMemory()));

        var error = Assert.ThrowsAny<JsonException>(() => AirJson.ParseStored(utf8, out _));

        Assert.Equal(expected.Message, error.Message);
    }

    [Theory]
    [InlineData("0", 0ul)]
    [InlineData("7", 7ul)]
    [InlineData("1023", 1023ul)]
    [InlineData("9999999999999999999", 9999999999999999999ul)]
    [InlineData("18446744073709551615", 18446744073709551615ul)]
    public void Integers_up_to_u64_read_as_u64_whatever_their_digit_count(string text, ulong expected)
    {
        var value = Assert.IsAssignableFrom<JsonValue>(AirJson.Parse(text));

        Assert.True(value.TryGetValue<ulong>(out var integer));
        Assert.Equal(expected, integer);
        Assert.Equal(text, AirJson.Serialize(value));
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-5")]
    [InlineData("0.5")]
    [InlineData("1e3")]
    public void Other_numbers_read_as_before(string text)
    {
        using var document = JsonDocument.Parse("[" + text + "]");

        Assert.Equal(AirJson.Serialize(AirJson.Parse(document.RootElement[0].GetRawText())), AirJson.Serialize(AirJson.Parse(text)));
        Assert.False(AirJson.Parse(text)!.AsValue().TryGetValue<ulong>(out _));
    }

    [Theory]
    [InlineData("[0]")]
    [InlineData("[0,1,2,999,1023,1024]")]
    [InlineData("[9999999999999999999,7]")]
    public void A_list_of_integers_reads_as_its_integers_read_one_by_one(string text)
    {
        var elements = text[1..^1].Split(',');

        foreach (var value in new[] { AirJson.Parse(text, out var serdeText), AirJson.Parse(Encoding.UTF8.GetBytes(text).AsMemory()) })
        {
            var array = Assert.IsType<JsonArray>(value);
            Assert.Equal(elements.Length, array.Count);
            for (var i = 0; i < elements.Length; i++)
            {
                Assert.Equal(AirJson.Parse(elements[i])!.GetValue<ulong>(), array[i]!.GetValue<ulong>());
                Assert.Same(array, array[i]!.Parent);
            }
            Assert.Equal(text, AirJson.Serialize(value));
            Assert.Equal(Encoding.UTF8.GetBytes(text), serdeText);
        }
    }

    [Theory]
    [InlineData("[18446744073709551615]")]
    [InlineData("[1, 2]")]
    [InlineData("[-1,2]")]
    [InlineData("[1,2.5]")]
    [InlineData("[1,\"a\"]")]
    [InlineData("[1,[2]]")]
    [InlineData("[]")]
    [InlineData("[01]")]
    [InlineData("[1,]")]
    public void Other_lists_are_left_to_the_token_reader(string text)
    {
        Assert.False(IntegerListText.TryRead(text, out _, out _));
        Assert.False(IntegerListText.TryRead(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    [InlineData("[01]")]
    [InlineData("[1,]")]
    [InlineData("[,1]")]
    [InlineData("[1,,2]")]
    [InlineData("[1]]")]
    public void A_list_of_integers_that_is_not_json_fails_as_before(string text)
    {
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));

        Assert.Equal(expected.GetType(), Assert.ThrowsAny<JsonException>(() => AirJson.Parse(text)).GetType());
        Assert.Equal(expected.GetType(), Assert.ThrowsAny<JsonException>(() => AirJson.Parse(Encoding.UTF8.GetBytes(text).AsMemory())).GetType());
    }

    [Fact]
    public void Text_that_is_not_valid_UTF_16_fails_as_before()
    {
        var broken = "\"\ud800\"";

        var expected = Assert.ThrowsAny<Exception>(() => JsonDocument.Parse(broken)).GetType();

        Assert.Equal(expected, Record.Exception(() => AirJson.Parse(broken))!.GetType());
    }
}
