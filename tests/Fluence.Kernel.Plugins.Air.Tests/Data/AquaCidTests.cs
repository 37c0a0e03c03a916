using CsCheck;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

public sealed class AquaCidTests
{
    [Fact]
    public void A_value_matches_the_CID_of_its_own_JSON_text_and_no_other()
    {
        var json = "{\"a\":[1,\"x\"]}"u8.ToArray();
        var cid = AquaCid.OfJsonBytes(json);

        Assert.True(AquaCid.Matches(json, cid));
        Assert.False(AquaCid.Matches("{\"a\":[1,\"y\"]}"u8, cid));
        Assert.False(AquaCid.Matches(json, cid[..^1]));
        Assert.False(AquaCid.Matches(json, cid + "a"));
        Assert.False(AquaCid.Matches(json, ""));
    }

    [Fact]
    public void The_text_of_random_cid_bytes_is_multibase_base32_and_matches_only_itself()
    {
        Gen.Byte.Array[AquaCid.ByteLength].Sample(cid =>
        {
            var text = AquaCid.Text(cid);
            Assert.Equal("b" + Base32.Encode(cid), text);
            Assert.True(AquaCid.TextMatches(cid, text));
            Assert.False(AquaCid.TextMatches(cid, text[..^1] + (text[^1] == 'a' ? 'b' : 'a')));
        }, iter: 5_000);
    }
}
