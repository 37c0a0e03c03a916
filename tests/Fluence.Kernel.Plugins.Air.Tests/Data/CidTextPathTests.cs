using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>
/// <see cref="AquaCid.WriteText(ReadOnlySpan{byte}, Span{byte}, CidTextIsa)"/> and its UTF-16 twin on every
/// instruction-set path against the scalar pair-table path, and that path against the general base32 encoder.
/// </summary>
public sealed class CidTextPathTests
{
    public static TheoryData<string> Paths() => new(Enum.GetNames<CidTextIsa>());

    [Theory]
    [MemberData(nameof(Paths))]
    public void Random_digests_are_written_as_on_the_scalar_path(string path)
    {
        var isa = Enum.Parse<CidTextIsa>(path);
        var random = new Random(21);
        var digest = new byte[AquaCid.DigestLength];
        for (var round = 0; round < 5000; round++)
        {
            random.NextBytes(digest);
            AssertSameAsScalar(digest, isa);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Edge_digests_are_written_as_on_the_scalar_path(string path)
    {
        var isa = Enum.Parse<CidTextIsa>(path);
        AssertSameAsScalar(new byte[AquaCid.DigestLength], isa);
        AssertSameAsScalar(Enumerable.Repeat((byte)0xFF, AquaCid.DigestLength).ToArray(), isa);
        for (var bit = 0; bit < 8 * AquaCid.DigestLength; bit++)
        {
            var one = new byte[AquaCid.DigestLength];
            one[bit / 8] = (byte)(0x80 >> (bit % 8));
            AssertSameAsScalar(one, isa);
            var allButOne = Enumerable.Repeat((byte)0xFF, AquaCid.DigestLength).ToArray();
            allButOne[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            AssertSameAsScalar(allButOne, isa);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Text_is_written_inside_its_span_and_leaves_the_rest(string path)
    {
        var isa = Enum.Parse<CidTextIsa>(path);
        var digest = Enumerable.Range(1, AquaCid.DigestLength).Select(i => (byte)(i * 37)).ToArray();
        // The text in the middle of a larger buffer: nothing before or after it is touched (no wide store past the end).
        var bytes = Enumerable.Repeat((byte)'#', AquaCid.TextLength + 64).ToArray();
        AquaCid.WriteText(digest, bytes.AsSpan(32, AquaCid.TextLength), isa);
        Assert.All(bytes[..32], b => Assert.Equal((byte)'#', b));
        Assert.All(bytes[(32 + AquaCid.TextLength)..], b => Assert.Equal((byte)'#', b));
        var chars = Enumerable.Repeat('#', AquaCid.TextLength + 64).ToArray();
        AquaCid.WriteText(digest, chars.AsSpan(32, AquaCid.TextLength), isa);
        Assert.All(chars[..32], c => Assert.Equal('#', c));
        Assert.All(chars[(32 + AquaCid.TextLength)..], c => Assert.Equal('#', c));
        Assert.Equal(System.Text.Encoding.ASCII.GetString(bytes, 32, AquaCid.TextLength), new string(chars, 32, AquaCid.TextLength));
    }

    private static void AssertSameAsScalar(byte[] digest, CidTextIsa isa)
    {
        var expected = new char[AquaCid.TextLength];
        AquaCid.WriteText(digest, expected, CidTextIsa.Scalar);
        // The oracle itself: the CID bytes' text by the general encoder.
        Assert.Equal(AquaCid.Text([0x01, 0x80, 0x04, 0x1e, 0x20, .. digest]), new string(expected));

        var chars = new char[AquaCid.TextLength];
        AquaCid.WriteText(digest, chars, isa);
        Assert.Equal(new string(expected), new string(chars));
        var bytes = new byte[AquaCid.TextLength];
        AquaCid.WriteText(digest, bytes, isa);
        Assert.Equal(new string(expected), System.Text.Encoding.ASCII.GetString(bytes));
    }
}
