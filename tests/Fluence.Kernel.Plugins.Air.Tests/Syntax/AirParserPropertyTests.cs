using CsCheck;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Syntax;

public sealed class AirParserPropertyTests
{
    private static readonly Gen<string> AirishText =
        Gen.Char["()[]\"$#%.:!; \n\tabcxyz019-_+"].Array[0, 200].Select(c => new string(c));

    [Fact]
    public void Parsing_garbage_raises_only_the_parse_error()
    {
        Gen.OneOf(Gen.String, AirishText).Sample(text =>
        {
            try
            {
                AirParser.Parse(text);
            }
            catch (AirParseException e)
            {
                Assert.NotEmpty(e.Errors);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Randomly_edited_scripts_raise_only_the_parse_error()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            try
            {
                AirParser.Parse(RandomAirScripts.Mutated(seed));
            }
            catch (AirParseException e)
            {
                Assert.NotEmpty(e.Errors);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void A_printed_tree_parses_back_to_the_same_printed_tree()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var printed = AirPrinter.Print(AirParser.Parse(RandomAirScripts.Valid(seed)));
            Assert.Equal(printed, AirPrinter.Print(AirParser.Parse(printed)));
        }, iter: 2_000);
    }
}
