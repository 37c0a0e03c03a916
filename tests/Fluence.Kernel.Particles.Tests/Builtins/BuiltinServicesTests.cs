using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Tests.TestDoubles;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Particles.Tests.Builtins;

/// <summary>The kernel's builtins answered through a peer's service call executor, as particles reach them.</summary>
public sealed class BuiltinServicesTests : IAsyncLifetime
{
    private TestNetwork _network = null!;

    public async Task InitializeAsync() => _network = await TestNetwork.StartAsync(3, _ => new StepInterpreter());

    public async Task DisposeAsync() => await _network.DisposeAsync();

    private PeerId Host => _network[0].PeerId;

    private async Task<CallServiceResult> CallAsync(string service, string function, params object?[] args) =>
        await _network[0].Services.GetRequiredService<IServiceCallExecutor>()
            .ExecuteAsync(BuiltinTestContext.Call(Host, service, function, args, initPeerId: Host.ToString()), CancellationToken.None);

    private async Task<string> OkAsync(string service, string function, params object?[] args)
    {
        var result = await CallAsync(service, function, args);
        Assert.True(result.RetCode == 0, result.Result);
        return result.Result;
    }

    [Fact]
    public async Task Op_functions_shape_values_like_nox()
    {
        Assert.Equal("\"\"", await OkAsync("op", "noop"));
        Assert.Equal("[1,\"a\"]", await OkAsync("op", "array", 1, "a"));
        Assert.Equal("3", await OkAsync("op", "array_length", new JsonArray(1, 2, 3)));
        Assert.Equal("[1,2,3]", await OkAsync("op", "concat", new JsonArray(1), new JsonArray(2, 3)));
        Assert.Equal("\"ab\"", await OkAsync("op", "concat_strings", "a", "b"));
        Assert.Equal("{\"x\":1}", await OkAsync("op", "identity", new JsonObject { ["x"] = 1 }));
        Assert.Equal(1, (await CallAsync("op", "identity", 1, 2)).RetCode);
        Assert.Equal($"\"{Base58.Encode("hi"u8)}\"", await OkAsync("op", "string_to_b58", "hi"));
        Assert.Equal("\"hi\"", await OkAsync("op", "string_from_b58", Base58.Encode("hi"u8)));
        Assert.Equal("[104,105]", await OkAsync("op", "bytes_from_b58", Base58.Encode("hi"u8)));
        // sha2-256 multihash of "" in base58: the well-known QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n
        Assert.Equal("\"QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n\"", await OkAsync("op", "sha256_string", ""));
    }

    [Fact]
    public async Task Math_and_cmp_compute_on_64_bit_integers_and_report_overflow_and_division_by_zero()
    {
        Assert.Equal("5", await OkAsync("math", "add", 2, 3));
        Assert.Equal("-1", await OkAsync("math", "sub", 2, 3));
        Assert.Equal("6", await OkAsync("math", "mul", 2, 3));
        Assert.Equal("3", await OkAsync("math", "fmul", 1.5, 2.5));
        Assert.Equal("3", await OkAsync("math", "div", 7, 2));
        Assert.Equal("1", await OkAsync("math", "rem", 7, 2));
        Assert.Equal("1024", await OkAsync("math", "pow", 2, 10));
        Assert.Equal("3", await OkAsync("math", "log", 1000, 10));
        Assert.Contains("division by zero", (await CallAsync("math", "div", 1, 0)).Result);
        Assert.Contains("overflow", (await CallAsync("math", "add", long.MaxValue, 1)).Result);
        Assert.Equal("true", await OkAsync("cmp", "gt", 3, 2));
        Assert.Equal("false", await OkAsync("cmp", "lt", 3, 2));
        Assert.Equal("-1", await OkAsync("cmp", "cmp", 2, 3));
    }

    [Fact]
    public async Task Array_functions_sum_dedup_compare_and_slice()
    {
        Assert.Equal("6", await OkAsync("array", "sum", new JsonArray(1, 2, 3)));
        Assert.Equal("[\"a\",\"b\"]", await OkAsync("array", "dedup", new JsonArray("a", "b", "a")));
        Assert.Equal("[\"b\"]", await OkAsync("array", "intersect", new JsonArray("a", "b"), new JsonArray("b", "c")));
        Assert.Equal("[\"a\"]", await OkAsync("array", "diff", new JsonArray("a", "b"), new JsonArray("b", "c")));
        Assert.Equal("[\"a\",\"c\"]", await OkAsync("array", "sdiff", new JsonArray("a", "b"), new JsonArray("b", "c")));
        Assert.Equal("[2,3]", await OkAsync("array", "slice", new JsonArray(1, 2, 3, 4), 1, 3));
        Assert.Equal(1, (await CallAsync("array", "slice", new JsonArray(1), 0, 5)).RetCode);
        Assert.Equal("2", await OkAsync("array", "length", new JsonArray(1, 2)));
    }

    [Fact]
    public async Task Json_functions_build_update_parse_and_print_objects()
    {
        Assert.Equal("{\"a\":1,\"b\":\"x\"}", await OkAsync("json", "obj", "a", 1, "b", "x"));
        Assert.Equal("{\"a\":2}", await OkAsync("json", "put", new JsonObject { ["a"] = 1 }, "a", 2));
        Assert.Equal("{\"a\":1,\"b\":2,\"c\":3}", await OkAsync("json", "puts", new JsonObject { ["a"] = 1 }, "b", 2, "c", 3));
        Assert.Equal("{\"k\":[1]}", await OkAsync("json", "parse", "{\"k\":[1]}"));
        Assert.Equal("\"{\\\"k\\\":1}\"", await OkAsync("json", "stringify", new JsonObject { ["k"] = 1 }));
        Assert.Equal("{\"a\":1}", await OkAsync("json", "obj_pairs", new JsonArray(new JsonArray("a", 1))));
        Assert.Equal(1, (await CallAsync("json", "parse", "{not json")).RetCode);
    }

    [Fact]
    public async Task Debug_stringify_prints_json_text()
    {
        Assert.Equal("\"{\\\"a\\\":1}\"", await OkAsync("debug", "stringify", new JsonObject { ["a"] = 1 }));
        Assert.Equal("\"[1,2]\"", await OkAsync("debug", "stringify", 1, 2));
        Assert.Equal("\"<empty argument list>\"", await OkAsync("debug", "stringify"));
    }

    [Fact]
    public async Task Peer_identifies_itself_and_knows_its_connections()
    {
        var identify = JsonNode.Parse(await OkAsync("peer", "identify"))!;
        Assert.Equal("0.0.0-test", identify["air_version"]!.GetValue<string>());
        Assert.NotNull(identify["node_version"]);
        Assert.InRange(JsonNode.Parse(await OkAsync("peer", "timestamp_ms"))!.GetValue<long>(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        Assert.Equal("\"done\"", await OkAsync("peer", "timeout", 1, "done"));

        var other = _network[1].PeerId.ToString();
        Assert.Equal("false", await OkAsync("peer", "is_connected", other));
        Assert.Equal("true", await OkAsync("peer", "connect", other));
        Assert.Equal("true", await OkAsync("peer", "is_connected", other));
        var contact = JsonNode.Parse(await OkAsync("peer", "get_contact", other))!.AsArray();
        Assert.Equal(other, Assert.Single(contact)!["peer_id"]!.GetValue<string>());
        Assert.Equal("[]", await OkAsync("peer", "get_contact", KeyPair.Generate().PeerId.ToString()));
    }

    [Fact]
    public async Task Peer_connect_is_refused_to_particles_of_other_peers()
    {
        var call = BuiltinTestContext.Call(Host, "peer", "connect", [_network[1].PeerId.ToString()]);

        var result = await _network[0].Services.GetRequiredService<IServiceCallExecutor>().ExecuteAsync(call, CancellationToken.None);

        Assert.Equal(1, result.RetCode);
        Assert.Contains("only available to the host", result.Result);
    }

    [Fact]
    public async Task Kad_neighborhood_lists_the_other_peers_and_merge_sorts_by_distance()
    {
        var neighbors = JsonNode.Parse(await OkAsync("kad", "neighborhood", Host.ToString(), new JsonArray(), new JsonArray()))!.AsArray()
            .Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(new[] { _network[1].PeerId.ToString(), _network[2].PeerId.ToString() }.Order(), neighbors.Order());

        var peers = new JsonArray(_network[1].PeerId.ToString(), _network[2].PeerId.ToString());
        var merged = JsonNode.Parse(await OkAsync("kad", "merge", Host.ToString(), peers, new JsonArray(_network[1].PeerId.ToString()), 5))!.AsArray();
        Assert.Equal(2, merged.Count);
        var one = JsonNode.Parse(await OkAsync("kad", "merge", Host.ToString(), peers, new JsonArray(), 1))!.AsArray();
        Assert.Equal(merged[0]!.GetValue<string>(), Assert.Single(one)!.GetValue<string>());
    }

    [Fact]
    public async Task Sig_verifies_with_the_scope_key_and_signs_only_registry_records()
    {
        Assert.Equal($"\"{Host}\"", await OkAsync("sig", "get_peer_id"));
        var data = new JsonArray(1, 2, 3);
        var signature = _network[0].Environment.HostKey.Sign([1, 2, 3]);
        Assert.Equal("true", await OkAsync("sig", "verify", new JsonArray(signature.Select(b => (JsonNode?)b).ToArray()), data));

        var refused = JsonNode.Parse(await OkAsync("sig", "sign", data))!;
        Assert.False(refused["success"]!.GetValue<bool>());

        var fromRegistry = BuiltinTestContext.Call(Host, "sig", "sign", [data], initPeerId: Host.ToString(),
            tetraplets: [[new SecurityTetraplet(Host.ToString(), "registry", "get_record_bytes", "")]]);
        var signed = JsonNode.Parse((await _network[0].Services.GetRequiredService<IServiceCallExecutor>().ExecuteAsync(fromRegistry, CancellationToken.None)).Result)!;
        Assert.True(signed["success"]!.GetValue<bool>());
        var bytes = signed["signature"]![0]!.AsArray().Select(b => (byte)b!.GetValue<int>()).ToArray();
        Assert.True(Host.Verify([1, 2, 3], bytes));
    }

    [Fact]
    public async Task Vault_refuses_paths_outside_the_particle_vault()
    {
        var result = await CallAsync("vault", "cat", "/etc/passwd");

        Assert.Equal(1, result.RetCode);
        Assert.Contains("outside the particle's vault", result.Result);
    }

    [Fact]
    public async Task Stat_reports_unknown_services_in_the_shape_of_nox()
    {
        var stat = JsonNode.Parse(await OkAsync("stat", "service_stat", "nope"))!;

        Assert.False(stat["status"]!.GetValue<bool>());
        Assert.Equal("[]", stat["result"]!.ToJsonString());
    }

    [Fact]
    public async Task A_missing_argument_is_a_call_error_naming_it()
    {
        var result = await CallAsync("math", "add", 1);

        Assert.Equal(1, result.RetCode);
        Assert.Contains("'y'", result.Result);
    }
}
