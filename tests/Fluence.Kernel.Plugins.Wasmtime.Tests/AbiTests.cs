using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>Every IT type through lowering and lifting, typed and JSON, against the hand-written abi.wat module.</summary>
public sealed class AbiTests : IAsyncLifetime
{
    private readonly RuntimeFixture _fixture = new();
    private IWasmService _service = null!;

    public async Task InitializeAsync() => _service = await _fixture.CreateAsync("abi", RuntimeFixture.Module("abi", TestModules.Wat("abi")));

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _fixture.Dispose();
    }

    private async Task<ItValue> Call(string function, params ItValue[] args) =>
        Assert.Single(await _service.CallAsync(function, args, RuntimeFixture.CallParameters(), CancellationToken.None));

    private Task<JsonNode?> Json(string function, JsonNode? args) =>
        _service.CallJsonAsync(function, args, RuntimeFixture.CallParameters(), CancellationToken.None).AsTask();

    [Fact]
    public async Task Scalars_of_every_width_round_trip_at_their_limits()
    {
        Assert.Equal(new ItValue.Signed(ItTypeKind.S8, -128), await Call("echo_s8", new ItValue.Signed(ItTypeKind.S8, -128)));
        Assert.Equal(new ItValue.Signed(ItTypeKind.S16, short.MinValue), await Call("echo_s16", new ItValue.Signed(ItTypeKind.S16, short.MinValue)));
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U8, 255), await Call("echo_u8", new ItValue.Unsigned(ItTypeKind.U8, 255)));
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U16, 65535), await Call("echo_u16", new ItValue.Unsigned(ItTypeKind.U16, 65535)));
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U32, uint.MaxValue), await Call("echo_u32", new ItValue.Unsigned(ItTypeKind.U32, uint.MaxValue)));
        Assert.Equal(new ItValue.Signed(ItTypeKind.S64, long.MinValue), await Call("echo_s64", new ItValue.Signed(ItTypeKind.S64, long.MinValue)));
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, ulong.MaxValue), await Call("echo_u64", new ItValue.Unsigned(ItTypeKind.U64, ulong.MaxValue)));
        Assert.Equal(new ItValue.Boolean(true), await Call("echo_bool", new ItValue.Boolean(true)));
        Assert.Equal(new ItValue.Float(ItTypeKind.F32, 1.5), await Call("echo_f32", new ItValue.Float(ItTypeKind.F32, 1.5)));
        Assert.Equal(new ItValue.Float(ItTypeKind.F64, Math.PI), await Call("echo_f64", new ItValue.Float(ItTypeKind.F64, Math.PI)));
        Assert.Equal(new ItValue.Signed(ItTypeKind.S32, 42), await Call("add_s32", new ItValue.Signed(ItTypeKind.S32, 40), new ItValue.Signed(ItTypeKind.S32, 2)));
    }

    [Fact]
    public async Task Strings_and_byte_arrays_reach_guest_memory_intact()
    {
        const string text = "héllo, мир, 🌍";
        Assert.Equal(new ItValue.Text(text), await Call("echo_string", new ItValue.Text(text)));
        Assert.Equal(new ItValue.Text(""), await Call("echo_string", new ItValue.Text("")));
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U32, (ulong)System.Text.Encoding.UTF8.GetByteCount(text)), await Call("string_length", new ItValue.Text(text)));

        var big = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(big);
        var sum = await Call("sum_bytes", new ItValue.Bytes(big));
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, (ulong)big.Sum(b => (long)b)), sum);
        var echoed = Assert.IsType<ItValue.Bytes>(await Call("echo_bytes", new ItValue.Bytes(big)));
        Assert.True(echoed.Value.Span.SequenceEqual(big));
    }

    [Fact]
    public async Task Records_inside_arrays_inside_records_round_trip()
    {
        var outer = Outer(7);
        Assert.Equal(Render(outer), Render(await Call("echo_outer", outer)));

        var many = new ItValue.Array([Outer(1), Outer(2), Outer(3)]);
        Assert.Equal(Render(many), Render(await Call("echo_outers", many)));
        var strings = new ItValue.Array([new ItValue.Text("a"), new ItValue.Text(""), new ItValue.Text("ccc")]);
        Assert.Equal(Render(strings), Render(await Call("echo_strings", strings)));
        Assert.Equal(Render(new ItValue.Array([])), Render(await Call("echo_strings", new ItValue.Array([]))));
    }

    [Fact]
    public async Task Json_arguments_are_taken_positionally_by_name_and_as_records()
    {
        Assert.Equal(42, (await Json("add_s32", new JsonArray(40, 2)))!.GetValue<long>());
        Assert.Equal(42, (await Json("add_s32", new JsonObject { ["b"] = 2, ["a"] = 40 }))!.GetValue<long>());
        Assert.Equal("solo", (await Json("echo_string", JsonValue.Create("solo")))!.GetValue<string>());
        Assert.Equal(ulong.MaxValue, (await Json("echo_u64", new JsonArray(ulong.MaxValue)))!.GetValue<ulong>());
        Assert.Equal("[1,2,255]", (await Json("echo_bytes", new JsonArray(new JsonArray(1, 2, 255))))!.ToJsonString());
        Assert.Null(await Json("log_info", new JsonArray("hello")));

        var scalars = JsonNode.Parse("""{"b":true,"i8":-1,"i16":-2,"i32":-3,"i64":-4,"u8":5,"u16":6,"u32":7,"u64":8,"f32":0.5,"f64":0.25}""")!;
        var outer = new JsonObject
        {
            ["id"] = 9, ["name"] = "outer",
            ["inners"] = new JsonArray(new JsonObject { ["flag"] = true, ["n"] = -3, ["tags"] = new JsonArray("x", "y"), ["blob"] = new JsonArray(1, 2) }),
            ["matrix"] = new JsonArray(new JsonArray(1, 2), new JsonArray()),
            ["scalars"] = scalars, ["ratio"] = 0.125,
        };
        var result = await Json("echo_outer", new JsonArray(outer.DeepClone()));
        Assert.True(JsonNode.DeepEquals(outer, result), result!.ToJsonString());
        // A record may also be given positionally.
        var positional = await Json("echo_scalars", new JsonArray(new JsonArray(true, -1, -2, -3, -4, 5, 6, 7, 8, 0.5, 0.25)));
        Assert.True(JsonNode.DeepEquals(scalars, positional), positional!.ToJsonString());
    }

    [Theory]
    [InlineData("add_s32", "[1]")]
    [InlineData("add_s32", "[1, \"two\"]")]
    [InlineData("add_s32", "{\"a\": 1, \"c\": 2}")]
    [InlineData("echo_u8", "[256]")]
    [InlineData("echo_s8", "[-129]")]
    [InlineData("echo_u64", "[-1]")]
    [InlineData("echo_bytes", "[[1, 300]]")]
    [InlineData("echo_outer", "[{\"id\": 1}]")]
    [InlineData("echo_string", "null")]
    [InlineData("no_such_function", "[]")]
    public async Task Arguments_that_do_not_match_the_signature_fail_clearly_and_the_service_stays_usable(string function, string json)
    {
        var error = await Assert.ThrowsAsync<WasmCallException>(() => Json(function, JsonNode.Parse(json)));
        Assert.Equal(WasmFailure.InvalidArguments, error.Failure);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal("still here", (await Json("echo_string", new JsonArray("still here")))!.GetValue<string>());
    }

    [Fact]
    public async Task Typed_arguments_of_the_wrong_kind_are_refused_before_reaching_the_guest()
    {
        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await Call("echo_outer", new ItValue.Text("not a record")));
        Assert.Equal(WasmFailure.InvalidArguments, error.Failure);
        error = await Assert.ThrowsAsync<WasmCallException>(async () => await Call("echo_u8", new ItValue.Unsigned(ItTypeKind.U8, 256)));
        Assert.Equal(WasmFailure.InvalidArguments, error.Failure);
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U8, 1), await Call("echo_u8", new ItValue.Unsigned(ItTypeKind.U8, 1)));
    }

    [Fact]
    public void The_interface_lists_functions_and_the_records_they_reach()
    {
        var json = _service.Interface.ToJson();
        var names = json["function_signatures"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToArray();
        Assert.Contains("echo_outer", names);
        Assert.DoesNotContain("allocate", names);
        var records = json["record_types"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "Outer", "Inner", "Scalars", "CallParameters", "ParticleParameters", "SecurityTetraplet" }, records);
        var outer = json["record_types"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "Outer")!;
        Assert.Equal("""[["id","u64"],["name","string"],["inners","[]Inner"],["matrix","[][]u32"],["scalars","Scalars"],["ratio","f64"]]""", outer["fields"]!.ToJsonString());
    }

    private static ItValue.Record Outer(int seed) => new(
    [
        new ItValue.Unsigned(ItTypeKind.U64, (ulong)seed),
        new ItValue.Text($"outer-{seed}"),
        new ItValue.Array(
        [
            new ItValue.Record([new ItValue.Boolean(true), new ItValue.Signed(ItTypeKind.S16, -seed), new ItValue.Array([new ItValue.Text("t1"), new ItValue.Text("t2")]), new ItValue.Bytes(new byte[] { (byte)seed, 2, 3 })]),
            new ItValue.Record([new ItValue.Boolean(false), new ItValue.Signed(ItTypeKind.S16, 300), new ItValue.Array([]), new ItValue.Bytes(ReadOnlyMemory<byte>.Empty)]),
        ]),
        new ItValue.Array([new ItValue.Array([new ItValue.Unsigned(ItTypeKind.U32, 1), new ItValue.Unsigned(ItTypeKind.U32, uint.MaxValue)]), new ItValue.Array([])]),
        new ItValue.Record(
        [
            new ItValue.Boolean(true), new ItValue.Signed(ItTypeKind.S8, -8), new ItValue.Signed(ItTypeKind.S16, -16), new ItValue.Signed(ItTypeKind.S32, -32),
            new ItValue.Signed(ItTypeKind.S64, -64), new ItValue.Unsigned(ItTypeKind.U8, 8), new ItValue.Unsigned(ItTypeKind.U16, 16), new ItValue.Unsigned(ItTypeKind.U32, 32),
            new ItValue.Unsigned(ItTypeKind.U64, 64), new ItValue.Float(ItTypeKind.F32, 0.5), new ItValue.Float(ItTypeKind.F64, 0.25),
        ]),
        new ItValue.Float(ItTypeKind.F64, seed / 3.0),
    ]);

    // Records compare by reference of their lists; render them to compare structure.
    internal static string Render(ItValue value) => value switch
    {
        ItValue.Bytes b => "bytes[" + Convert.ToHexString(b.Value.Span) + "]",
        ItValue.Array a => "[" + string.Join(",", a.Items.Select(Render)) + "]",
        ItValue.Record r => "{" + string.Join(",", r.Fields.Select(Render)) + "}",
        _ => value.ToString(),
    };
}
