using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Syntax;

public sealed class AirParseCacheTests
{
    private const string Script = "(seq (call %init_peer_id% (\"op\" \"identity\") [0] a) (call %init_peer_id% (\"op\" \"identity\") [a] b))";

    [Fact]
    public void The_same_script_in_another_string_gets_the_same_parse()
    {
        var cache = new AirParseCache();

        var first = cache.Get(Script);
        var again = cache.Get(new string(Script.AsSpan()));

        Assert.Same(first, again);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_script_of_the_same_length_that_differs_is_parsed_on_its_own()
    {
        var cache = new AirParseCache();
        var other = Script.Replace("[0]", "[1]", StringComparison.Ordinal);

        var first = cache.Get(Script);
        var second = cache.Get(other);

        Assert.NotSame(first, second);
        Assert.Equal(1, Assert.IsType<IntValue>(Assert.IsType<CallInstruction>(Assert.IsType<SeqInstruction>(second).Left).Arguments[0]).Value);
        Assert.Same(first, cache.Get(Script));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_script_that_does_not_parse_fails_again_when_looked_up_again()
    {
        var cache = new AirParseCache();

        var first = Assert.Throws<AirParseException>(() => cache.Get("(seq (null)"));
        var again = Assert.Throws<AirParseException>(() => cache.Get("(seq (null)"));

        Assert.Equal(first.Message, again.Message);
    }

    [Fact]
    public void A_script_dropped_from_a_full_cache_still_parses_to_what_it_did()
    {
        var cache = new AirParseCache(capacity: 1);

        var first = cache.Get(Script);
        cache.Get("(null)");
        var again = cache.Get(Script);

        Assert.IsType<SeqInstruction>(again);
        Assert.Equal(Assert.IsType<SeqInstruction>(first).Span, ((SeqInstruction)again).Span);
        Assert.Equal(1, cache.Count);
    }
}
