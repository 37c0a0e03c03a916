using System.Text;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Tests.Values;

/// <summary>The scalar fast path of service results against the tree path (parse, then write serde_json's text).</summary>
public sealed class ScalarJsonTextTests
{
    public static TheoryData<string> WrittenBack() => new(
    [
        "0", "1", "-1", "42", "18446744073709551615", "-9223372036854775808", "9223372036854775808", " 7 ", "\n\t\r 12\r\n",
        "true", "false", "null", " null ", "\"\"", "\"abc\"", "\"é 日本 \U0001F600\"", "\"\u007f\u2028\"", "\"'/<>&\"",
        "\"12D3KooWBM3SdXWqGaawQDGQ6JprtwswEg3FWGvGhmgmMez1vRbR\"", " \"spaced\" ",
    ]);

    public static TheoryData<string> LeftToTheTree() => new(
    [
        "-0", "18446744073709551616", "-9223372036854775809", "1.0", "1.50", "-0.0", "1e2", "1E2", "0.1", "3.141592653589793",
        "\"a\\u0041\"", "\"\\n\"", "\"\\/\"", "\"\\\"\"", "\"\\\\\"", "[]", "[1]", "{}", "{\"a\":1}", "", " ", "nul", "01", "1 2",
        "\"unterminated", "\"a\" x", "+1", "// c\n1",
    ]);

    [Theory]
    [MemberData(nameof(WrittenBack))]
    public void A_small_scalar_is_written_as_the_tree_path_writes_it(string text)
    {
        Span<byte> buffer = stackalloc byte[ScalarJsonText.BufferBytes];

        Assert.True(ScalarJsonText.TryWrite(text, buffer, out var length));
        Assert.Equal(AirJson.Serialize(AirJson.Parse(text)), Encoding.UTF8.GetString(buffer[..length]));
    }

    [Theory]
    [MemberData(nameof(LeftToTheTree))]
    public void Floats_escapes_containers_and_errors_are_left_to_the_tree_path(string text)
    {
        Span<byte> buffer = stackalloc byte[ScalarJsonText.BufferBytes];

        Assert.False(ScalarJsonText.TryWrite(text, buffer, out _));
    }

    [Fact]
    public void A_string_with_a_lone_surrogate_is_left_to_the_tree_path()
    {
        // Built here: theory data would pass it through serialisation, which replaces the surrogate.
        Span<byte> buffer = stackalloc byte[ScalarJsonText.BufferBytes];

        Assert.False(ScalarJsonText.TryWrite("\"a" + '\ud800' + "\"", buffer, out _));
    }

    [Fact]
    public void A_scalar_longer_than_the_buffer_is_left_to_the_tree_path()
    {
        Span<byte> buffer = stackalloc byte[ScalarJsonText.BufferBytes];
        var fits = "\"" + new string('a', ScalarJsonText.BufferBytes - 2) + "\"";
        var tooLong = "\"" + new string('a', ScalarJsonText.BufferBytes - 1) + "\"";

        Assert.True(ScalarJsonText.TryWrite(fits, buffer, out var length));
        Assert.Equal(fits, Encoding.UTF8.GetString(buffer[..length]));
        Assert.False(ScalarJsonText.TryWrite(tooLong, buffer, out _));
    }

    [Fact]
    public void Every_integer_kind_reads_back_as_the_tree_path_reads_it()
    {
        Span<byte> buffer = stackalloc byte[ScalarJsonText.BufferBytes];
        foreach (var text in new[] { "0", "5", "-5", "18446744073709551615", "-9223372036854775808", "\"x\"", "true", "null" })
        {
            Assert.True(ScalarJsonText.TryWrite(text, buffer, out var length));
            var fromBytes = AirJson.Parse(buffer[..length].ToArray().AsMemory());
            var fromText = AirJson.Parse(text);

            Assert.Equal(fromText?.GetValueKind(), fromBytes?.GetValueKind());
            Assert.Equal(fromText?.GetType(), fromBytes?.GetType());
            Assert.Equal(AirJson.Serialize(fromText), AirJson.Serialize(fromBytes));
        }
    }
}
