using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>Real Marine modules no one here wrote: AquaVM 0.35.4, 0.48.0, 0.54.0 and 0.62.0 from npm.</summary>
public sealed class AvmTests(AvmFixture fixture) : IClassFixture<AvmFixture>
{
    public static TheoryData<string> Versions => new(AvmModules.Versions);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_avm_version_is_described_with_its_sdk_version_and_interface(string version)
    {
        var description = fixture.Runtime.Runtime.Describe(AvmModules.Wasm(version));

        var expectedSdk = version switch { "0.62.0" => "0.14.0", "0.35.4" => "0.7.1", _ => "0.10.0" };
        Assert.Equal(expectedSdk, description.SdkVersion);
        Assert.True(description.UsesLogger);
        Assert.Empty(description.HostImports);
        var ast = Assert.Single(description.Interface.Functions, f => f.Name == "ast");
        Assert.Equal(ItTypeKind.String, Assert.Single(ast.Arguments).Type.Kind);
        var invoke = Assert.Single(description.Interface.Functions, f => f.Name == "invoke");
        Assert.Equal(["air", "prev_data", "data", "params", "call_results"], invoke.Arguments.Select(a => a.Name));
        var outcome = description.Interface.Records.Single(r => r.Name == "InterpreterOutcome");
        Assert.Equal(version is "0.62.0" ? 8 : 5, outcome.Fields.Count);
        var json = description.Interface.ToJson();
        Assert.Contains(json["function_signatures"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "invoke");
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Every_avm_version_answers_ast_for_several_scripts(string version)
    {
        var service = await fixture.Service(version);
        string[] scripts =
        [
            "(null)",
            "(seq (null) (never))",
            """(call %init_peer_id% ("op" "identity") ["hello" 42] result)""",
            """(par (seq (ap "a" $stream) (null)) (xor (null) (never)))""",
        ];
        foreach (var script in scripts)
        {
            var result = await service.CallJsonAsync("ast", new JsonArray(script), RuntimeFixture.CallParameters(), CancellationToken.None);
            var text = result!.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.DoesNotContain("error", text, StringComparison.OrdinalIgnoreCase);
        }
        var typed = await service.CallAsync("ast", [new ItValue.Text("(null)")], RuntimeFixture.CallParameters(), CancellationToken.None);
        Assert.Contains("Null", Assert.IsType<ItValue.Text>(Assert.Single(typed)).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Avm_ast_reports_a_syntax_error_as_a_string_and_the_service_stays_usable()
    {
        var service = await fixture.Service("0.62.0");
        var broken = await service.CallJsonAsync("ast", new JsonArray("(seq (null)"), RuntimeFixture.CallParameters(), CancellationToken.None);
        Assert.Contains("error", broken!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var ok = await service.CallJsonAsync("ast", new JsonArray("(null)"), RuntimeFixture.CallParameters(), CancellationToken.None);
        Assert.Contains("Null", ok!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Avm_0_62_invoke_runs_a_null_script_and_returns_data()
    {
        var service = await fixture.Service("0.62.0");
        using var key = KeyPair.Generate();

        var outcome = await Invoke(service, key, "(null)");

        Assert.Equal(0L, Assert.IsType<ItValue.Signed>(outcome.Fields[0]).Value);
        Assert.Equal("", Assert.IsType<ItValue.Text>(outcome.Fields[1]).Value);
        Assert.NotEmpty(Assert.IsType<ItValue.Bytes>(outcome.Fields[2]).Value.ToArray());
        Assert.Empty(Assert.IsType<ItValue.Array>(outcome.Fields[3]).Items);
    }

    [Fact]
    public async Task Avm_0_62_invoke_of_a_call_to_another_peer_names_that_peer()
    {
        var service = await fixture.Service("0.62.0");
        using var key = KeyPair.Generate();

        var outcome = await Invoke(service, key, """(call "peerA" ("op" "noop") [])""");

        Assert.Equal(0L, Assert.IsType<ItValue.Signed>(outcome.Fields[0]).Value);
        var next = Assert.IsType<ItValue.Array>(outcome.Fields[3]);
        Assert.Equal("peerA", Assert.IsType<ItValue.Text>(Assert.Single(next.Items)).Value);
    }

    [Fact]
    public async Task Avm_0_62_invoke_of_a_local_call_produces_call_requests()
    {
        var service = await fixture.Service("0.62.0");
        using var key = KeyPair.Generate();

        var outcome = await Invoke(service, key, $$"""(call "{{key.PeerId}}" ("op" "identity") ["x"] r)""");

        Assert.Equal(0L, Assert.IsType<ItValue.Signed>(outcome.Fields[0]).Value);
        Assert.True(Assert.IsType<ItValue.Bytes>(outcome.Fields[4]).Value.Length > 3);
    }

    private static async Task<ItValue.Record> Invoke(IWasmService service, KeyPair key, string air)
    {
        var runParameters = new ItValue.Record(
        [
            new ItValue.Text(key.PeerId.ToString()),
            new ItValue.Text(key.PeerId.ToString()),
            new ItValue.Unsigned(ItTypeKind.U64, 1_700_000_000_000),
            new ItValue.Unsigned(ItTypeKind.U32, 60_000),
            new ItValue.Unsigned(ItTypeKind.U8, 0),
            new ItValue.Bytes(Convert.FromBase64String(key.ToBase64())),
            new ItValue.Text("particle-1"),
            new ItValue.Unsigned(ItTypeKind.U64, 10 * 1024 * 1024),
            new ItValue.Unsigned(ItTypeKind.U64, 10 * 1024 * 1024),
            new ItValue.Unsigned(ItTypeKind.U64, 10 * 1024 * 1024),
            new ItValue.Boolean(false),
        ]);
        var result = await service.CallAsync("invoke",
        [
            new ItValue.Text(air),
            new ItValue.Bytes(ReadOnlyMemory<byte>.Empty),
            new ItValue.Bytes(ReadOnlyMemory<byte>.Empty),
            runParameters,
            new ItValue.Bytes(new byte[] { 0x81, 0x04, 0x80 }),
        ], RuntimeFixture.CallParameters(), CancellationToken.None);
        return Assert.IsType<ItValue.Record>(Assert.Single(result));
    }
}
