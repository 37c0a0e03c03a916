using System.Text.Json.Nodes;
using Fluence.Cli.Commands;
using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests;

/// <summary>
/// <c>fluence air run</c> and <c>fluence air parse</c> in-process with captured output; <c>air run</c> starts the
/// interpreter through a real peer host (AquaVM 0.62 on Wasmtime).
/// </summary>
[Collection(CliCollection.Name)]
public sealed class AirCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private const string FoldScenario = """
        {"air": "(seq (seq (call %init_peer_id% (\"op\" \"array\") [1 2 3] arr) (fold arr i (seq (call \"{{A}}\" (\"math\" \"double\") [i] $s) (next i)))) (seq (seq (fold $s v (seq (ap v $t) (next v)) (null)) (canon %init_peer_id% $t #tt)) (call %init_peer_id% (\"return\" \"\") [#tt #tt.length #tt.$.[1]])))",
         "peers": ["client", "A"],
         "services": {"math.double": {"sequence": [{"result": 2}, {"result": 4}, {"result": 6}]}},
         "expect": {"results": [[[2, 4, 6], 3, 4]]}}
        """;

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string scenarioJson, string interpreter = "aquavm", bool json = false, params string[] peerInterpreters)
    {
        using var directory = new TempDirectory("air-run");
        var path = directory.Combine("scenario.json");
        await File.WriteAllTextAsync(path, scenarioJson);
        var (output, error) = (new StringWriter(), new StringWriter());
        var request = new AirRunRequest(path, interpreter, peerInterpreters, json, 500, []);
        var exit = await AirRunCommand.RunAsync(request, output, error, CancellationToken.None).WaitAsync(Limit);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Air_run_prints_every_invocation_the_results_and_each_peers_final_data()
    {
        AvmWasm.EnsureInstalled();

        var (exit, output, error) = await RunAsync(FoldScenario);

        Assert.True(exit == 0, error);
        Assert.Contains("Invocations (8):", output);
        Assert.Contains("#3 A [aquavm]", output);
        Assert.Contains("call 1: (\"math\" \"double\") [1]", output);
        Assert.Contains("Results (1):\n  [[2,4,6],3,4]", output.ReplaceLineEndings("\n"));
        Assert.Contains("\"canon_result_store\"", output);
        Assert.Contains("Expectations: hold", output);
    }

    [Fact]
    public async Task Air_run_json_has_the_oracle_fields_and_the_decoded_final_data()
    {
        AvmWasm.EnsureInstalled();

        var (exit, output, error) = await RunAsync(FoldScenario, json: true);

        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(output)!.AsObject();
        Assert.Equal(8, report["steps"]!.AsArray().Count);
        Assert.Equal("[[[2,4,6],3,4]]", report["results"]!.ToJsonString());
        Assert.Equal("12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr", report["peers"]!["client"]!["peerId"]!.GetValue<string>());
        Assert.NotEmpty(report["finalData"]!["A"]!.GetValue<string>());
        Assert.Equal(10, report["finalDataDecoded"]!["client"]!["data"]!["trace"]!.AsArray().Count);
        Assert.True(report["expect"]!["holds"]!.GetValue<bool>());
        Assert.Equal("aquavm", report["interpreters"]!["A"]!.GetValue<string>());
    }

    [Fact]
    public async Task Air_run_exits_1_when_the_expectation_does_not_hold()
    {
        AvmWasm.EnsureInstalled();

        var (exit, output, error) = await RunAsync(FoldScenario.Replace("[[[2, 4, 6], 3, 4]]", "[[[2, 4, 6], 3, 5]]", StringComparison.Ordinal));

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("Expectations: 1 failed", output);
        Assert.Contains("expectation failed: results: expected [[[2,4,6],3,5]], got [[[2,4,6],3,4]]", error);
    }

    [Fact]
    public async Task Air_run_rejects_an_unknown_interpreter_before_starting_anything()
    {
        var (exit, _, error) = await RunAsync(FoldScenario, interpreter: "wasmer");

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("--interpreter: unknown interpreter 'wasmer' (known: aquavm, native)", error);
    }

    [Fact]
    public async Task Air_run_rejects_a_peer_interpreter_for_a_peer_the_scenario_does_not_have()
    {
        var (exit, _, error) = await RunAsync(FoldScenario, "aquavm", false, "Z=native");

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("--peer-interpreter: 'Z=native' must be NAME=INTERPRETER with NAME one of the peers (client, A)", error);
    }

    [Fact]
    public async Task Air_run_refuses_javascript_service_specs_with_a_clear_error()
    {
        var (exit, _, error) = await RunAsync("""{"air": "(null)", "peers": ["client"], "services": {"math.double": {"js": "(args) => args[0] * 2"}}}""");

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("services[\"math.double\"]: {\"js\": …} specs need a JavaScript engine", error);
    }

    [Fact]
    public async Task Air_run_names_an_unknown_placeholder_peer()
    {
        AvmWasm.EnsureInstalled();

        var (exit, _, error) = await RunAsync("""{"air": "(call \"{{Z}}\" (\"op\" \"noop\") [])", "peers": ["client"]}""");

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("the script names peer '{{Z}}', which is not one of the peers (client)", error);
    }

    [Fact]
    public async Task Air_parse_prints_the_ast_as_canonical_air()
    {
        using var directory = new TempDirectory("air-parse");
        var path = directory.Combine("script.air");
        await File.WriteAllTextAsync(path, "(seq (null) ; comment\n (par (never) (ap 1 $s)))");
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await AirParseCommand.RunAsync(path, TextReader.Null, output, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("(seq\n  (null)\n  (par\n    (never)\n    (ap 1 $s)))\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Air_parse_reports_the_position_of_a_parse_error_and_exits_1()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await AirParseCommand.RunAsync("-", new StringReader("(seq (null) (call x (\"a\" \"b\") []))"), output, error, CancellationToken.None);

        Assert.Equal(ExitCodes.Failure, exit);
        Assert.Contains("script.air:1:13: variable 'x' wasn't defined", error.ToString());
        Assert.Empty(output.ToString());
    }
}
