using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.AquaVm.Marshalling;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class CallRequestsDecoderTests
{
    [Fact]
    public void An_empty_map_and_empty_bytes_decode_to_no_requests()
    {
        Assert.Empty(CallRequestsDecoder.Decode(Convert.FromHexString("810480")));
        Assert.Empty(CallRequestsDecoder.Decode(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void A_request_decodes_service_function_json_arguments_and_tetraplets()
    {
        // arguments: [ "hello", 42, -1, 1.5, true, null, [1], {"a": "b"} ]
        var arguments = "98"
            + "a5" + Hex("hello") + "2a" + "ff" + "cb3ff8000000000000" + "c3" + "c0" + "9101" + "81a161a162";
        // tetraplets: [[{peer_pk:"p", service_id:"s", function_name:"f", lens:".$.x"}], [], [], [], [], [], [], []]
        var tetraplet = "84" + Str("peer_pk") + Str("p") + Str("service_id") + Str("s")
            + Str("function_name") + Str("f") + Str("lens") + Str(".$.x");
        var tetraplets = "98" + "91" + tetraplet + "90909090909090";
        var request = "84" + Str("service_id") + Str("op") + Str("function_name") + Str("identity")
            + Str("arguments") + Bin(arguments) + Str("tetraplets") + Bin(tetraplets);
        var bytes = Convert.FromHexString("8104" + "81" + "05" + request);

        var requests = CallRequestsDecoder.Decode(bytes);

        var call = Assert.Single(requests);
        Assert.Equal(5u, call.Key);
        Assert.Equal("op", call.Value.ServiceId);
        Assert.Equal("identity", call.Value.FunctionName);
        Assert.Equal("""["hello",42,-1,1.5,true,null,[1],{"a":"b"}]""", new JsonArray(call.Value.Arguments.Select(a => a?.DeepClone()).ToArray()).ToJsonString());
        Assert.Equal(8, call.Value.Tetraplets.Count);
        Assert.Equal(new SecurityTetraplet("p", "s", "f", ".$.x"), Assert.Single(call.Value.Tetraplets[0]));
        Assert.All(call.Value.Tetraplets.Skip(1), Assert.Empty);
    }

    [Fact]
    public void A_u64_beyond_i64_stays_unsigned()
    {
        var arguments = "91" + "cf" + "ffffffffffffffff";
        var request = "84" + Str("service_id") + Str("s") + Str("function_name") + Str("f")
            + Str("arguments") + Bin(arguments) + Str("tetraplets") + Bin("9190");
        var requests = CallRequestsDecoder.Decode(Convert.FromHexString("8104" + "81" + "cd0100" + request));

        var call = requests[256];
        Assert.Equal(ulong.MaxValue, call.Arguments[0]!.GetValue<ulong>());
    }

    [Fact]
    public void A_float_argument_keeps_serde_jsons_float_text_so_that_an_echo_of_it_stays_a_float()
    {
        // arguments: [1.0, 0.0, 1e23, 2^64 as f64, 5e-324, -2.5, 1e-7, 0.0001, 123456789.1234568]
        var arguments = "99" + "cb3ff0000000000000" + "cb0000000000000000" + "cb44b52d02c7e14af6" + "cb43f0000000000000"
            + "cb0000000000000001" + "cbc004000000000000" + "cb3e7ad7f29abcaf48" + "cb3f1a36e2eb1c432d" + "cb419d6f34547e6b76";
        var request = "84" + Str("service_id") + Str("s") + Str("function_name") + Str("f")
            + Str("arguments") + Bin(arguments) + Str("tetraplets") + Bin("99" + "909090909090909090");
        var call = Assert.Single(CallRequestsDecoder.Decode(Convert.FromHexString("8104" + "81" + "01" + request))).Value;

        Assert.Equal("[1.0,0.0,1e23,1.8446744073709552e19,5e-324,-2.5,1e-7,0.0001,123456789.1234568]",
            new JsonArray(call.Arguments.Select(a => a?.DeepClone()).ToArray()).ToJsonString());
        Assert.Equal(1.0, call.Arguments[0]!.GetValue<double>());
    }

    [Fact]
    public void Several_requests_keep_their_ids()
    {
        static string Request(string fn) => "84" + Str("service_id") + Str("peer") + Str("function_name") + Str(fn)
            + Str("arguments") + Bin("90") + Str("tetraplets") + Bin("90");
        var requests = CallRequestsDecoder.Decode(Convert.FromHexString("8104" + "82" + "01" + Request("identify") + "02" + Request("timestamp_ms")));

        Assert.Equal("identify", requests[1].FunctionName);
        Assert.Equal("timestamp_ms", requests[2].FunctionName);
        Assert.Empty(requests[2].Arguments);
    }

    [Fact]
    public void A_missing_multicodec_prefix_fails_with_a_clear_error()
    {
        var ex = Assert.Throws<FormatException>(() => CallRequestsDecoder.Decode(Convert.FromHexString("80")));
        Assert.Contains("8104", ex.Message);
    }

    [Fact]
    public void A_truncated_request_map_fails_with_a_clear_error()
    {
        var ex = Assert.Throws<FormatException>(() => CallRequestsDecoder.Decode(Convert.FromHexString("8104" + "81" + "05" + "84" + Str("service_id"))));
        Assert.Contains("call_requests", ex.Message);
    }

    [Fact]
    public void A_request_without_arguments_fails_with_a_clear_error()
    {
        var request = "82" + Str("service_id") + Str("s") + Str("function_name") + Str("f");
        var ex = Assert.Throws<FormatException>(() => CallRequestsDecoder.Decode(Convert.FromHexString("8104" + "81" + "01" + request)));
        Assert.Contains("arguments", ex.Message);
    }

    private static string Hex(string ascii) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(ascii));

    private static string Str(string ascii) => (0xa0 | ascii.Length).ToString("x2") + Hex(ascii);

    private static string Bin(string hex) => "c4" + (hex.Length / 2).ToString("x2") + hex;
}
