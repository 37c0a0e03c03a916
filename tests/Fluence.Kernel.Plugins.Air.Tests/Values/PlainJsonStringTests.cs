using System.Text;
using System.Text.Json;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Tests.Values;

public sealed class PlainJsonStringTests
{
    // What the scan must say, byte by byte: quoted, and inside only printable ASCII other than a quote or a backslash.
    private static bool Expected(ReadOnlySpan<byte> text)
    {
        if (text.Length < 2 || text[0] != '"' || text[^1] != '"')
            return false;
        foreach (var b in text[1..^1])
        {
            if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
                return false;
        }
        return true;
    }

    [Fact]
    public void Every_length_and_every_position_of_a_byte_that_is_not_plain_is_seen()
    {
        // Lengths around the vector sizes and the four-vector step; each bad byte at every position inside.
        byte[] notPlain = [0x00, 0x1f, (byte)'"', (byte)'\\', 0x80, 0xc3, 0xff];
        for (var length = 0; length <= 300; length++)
        {
            var text = Quoted(new string('a', length));
            Assert.True(PlainJsonString.Is(text));
            for (var at = 1; at <= length; at++)
            {
                foreach (var b in notPlain)
                {
                    var copy = (byte[])text.Clone();
                    copy[at] = b;
                    Assert.False(PlainJsonString.Is(copy), $"length {length}, 0x{b:x2} at {at}");
                }
                var del = (byte[])text.Clone();
                del[at] = 0x7f;
                Assert.True(PlainJsonString.Is(del));
            }
        }
    }

    [Fact]
    public void Random_texts_are_judged_as_byte_by_byte()
    {
        var random = new Random(8);
        for (var i = 0; i < 20_000; i++)
        {
            var text = new byte[random.Next(0, 400)];
            for (var j = 0; j < text.Length; j++)
                text[j] = random.Next(50) == 0 ? (byte)random.Next(256) : (byte)random.Next(0x20, 0x7f);
            if (text.Length > 0 && random.Next(4) > 0)
                (text[0], text[^1]) = ((byte)'"', (byte)'"');
            Assert.Equal(Expected(text), PlainJsonString.Is(text));
        }
    }

    [Fact]
    public void A_plain_string_is_valid_JSON_whose_string_is_its_bytes_between_the_quotes()
    {
        var text = Quoted(string.Concat(Enumerable.Range(0x20, 0x60).Select(c => (char)c).Where(c => c is not '"' and not '\\')));

        Assert.True(PlainJsonString.Is(text));
        Assert.Equal(Encoding.ASCII.GetString(text[1..^1]), JsonDocument.Parse(text).RootElement.GetString());
    }

    [Fact]
    public void A_long_value_is_still_refused_when_its_text_is_not_UTF_8_and_read_when_it_is_not_plain()
    {
        var plain = Assert.Single(Decoded(Quoted(new string('x', 5_000))).CidInfo.Values.Entries).Value;
        Assert.True(plain.IsPlainString);
        Assert.Equal("\"" + new string('x', 5_000) + "\"", plain.Json);
        Assert.Equal(5_002, plain.Utf8.Length);

        var escaped = Decoded(Quoted(new string('x', 2_500) + "\\n" + new string('x', 2_500)));
        Assert.False(Assert.Single(escaped.CidInfo.Values.Entries).Value.IsPlainString);
        var accented = Decoded(Quoted(new string('x', 2_500) + "é" + new string('x', 2_500)));
        Assert.False(Assert.Single(accented.CidInfo.Values.Entries).Value.IsPlainString);

        var broken = Encoding.ASCII.GetBytes(new string('x', 5_000));
        broken[2_500] = 0xff;
        Assert.Throws<InterpreterDataException>(() => Decoded([(byte)'"', .. broken, (byte)'"']));
    }

    private static byte[] Quoted(string text) => Encoding.UTF8.GetBytes("\"" + text + "\"");

    // Data whose value store holds one value with this text (its CID is not checked on decoding).
    private static InterpreterData Decoded(byte[] valueText)
    {
        var marker = new string('#', valueText.Length - 2);
        var data = new InterpreterData();
        data.CidInfo.Values.Put(AquaCid.OfJson("\"" + marker + "\""), new RawValue("\"" + marker + "\""));
        var encoded = InterpreterDataCodec.Encode(data);
        var at = encoded.AsSpan().IndexOf(Encoding.ASCII.GetBytes("\"" + marker + "\""));
        valueText.CopyTo(encoded.AsSpan(at));
        return InterpreterDataCodec.Decode(encoded);
    }
}
