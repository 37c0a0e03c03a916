using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.AquaVm.Marshalling;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class CallResultsEncoderTests
{
    [Fact]
    public void No_results_encode_as_the_prefix_and_an_empty_map()
    {
        Assert.Equal("810480", Convert.ToHexString(CallResultsEncoder.Encode(new Dictionary<uint, CallServiceResult>()).Span));
    }

    [Fact]
    public void A_result_is_keyed_by_its_decimal_id_with_ret_code_and_json_text()
    {
        var bytes = CallResultsEncoder.Encode(new Dictionary<uint, CallServiceResult> { [7] = CallServiceResult.Ok("\"hi\"") });

        // 81 04 | fixmap 1 | "7" | fixmap 2 | "ret_code" 0 | "result" "\"hi\""
        var expected = "8104" + "81" + "a137" + "82" + "a8" + Hex("ret_code") + "00" + "a6" + Hex("result") + "a4" + Hex("\"hi\"");
        Assert.Equal(expected, Convert.ToHexString(bytes.Span), ignoreCase: true);
    }

    [Fact]
    public void A_service_error_keeps_its_ret_code_and_results_are_ordered_by_id()
    {
        var bytes = CallResultsEncoder.Encode(new Dictionary<uint, CallServiceResult>
        {
            [12] = CallServiceResult.Error("\"boom\""),
            [3] = new CallServiceResult(-5, "null"),
        });

        var expected = "8104" + "82"
            + "a133" + "82" + "a8" + Hex("ret_code") + "fb" + "a6" + Hex("result") + "a4" + Hex("null")
            + "a23132" + "82" + "a8" + Hex("ret_code") + "01" + "a6" + Hex("result") + "a6" + Hex("\"boom\"");
        Assert.Equal(expected, Convert.ToHexString(bytes.Span), ignoreCase: true);
    }

    private static string Hex(string ascii) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(ascii));
}
