using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Values long enough to take the large-value paths: written into the output straight from where they are (not through
/// the archive buffer), read as views of the input while the script runs, and handed to the host as views of the
/// output — with the same data, requests and results as AquaVM.
/// </summary>
public sealed class LargeValueTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    // Both above ArchiveWriter.DeferredTextBytes; the second not ASCII, so UTF-8 and UTF-16 lengths differ.
    private static readonly string Big = new('x', 200_000);
    private static readonly string Other = string.Concat(Enumerable.Repeat("é日\"", 30_000));
    // Long enough to be read as a view (AirJson.LazyStringBytes), short enough to be copied through the archive buffer.
    private static readonly string Mid = new('m', 5_000);

    private static AirScenario Scenario() => AirScenario.FromJson(new JsonObject
    {
        ["air"] = """
            (seq (call "{{A}}" ("svc" "big") [] x)
                 (seq (call "{{A}}" ("svc" "small") [] y)
                      (seq (call "{{A}}" ("svc" "other") [] z)
                           (seq (call "{{A}}" ("svc" "mid") [] m)
                                (seq (call %init_peer_id% ("op" "array") [x y z x m] all)
                                     (call %init_peer_id% ("op" "identity") [z] same))))))
            """,
        ["peers"] = new JsonArray("client", "A"),
        ["services"] = new JsonObject
        {
            ["svc.big"] = new JsonObject { ["result"] = Big },
            ["svc.small"] = new JsonObject { ["result"] = new JsonObject { ["k"] = new JsonArray(1, 2) } },
            ["svc.other"] = new JsonObject { ["result"] = Other },
            ["svc.mid"] = new JsonObject { ["result"] = Mid },
        },
    });

    private static Task<ScenarioReport> RunAsync(IAirInterpreter interpreter) => new ScenarioRunner(interpreter).RunAsync(Scenario(), CancellationToken.None);

    private static JsonNode? Decode(ReadOnlyMemory<byte> data) => InterpreterDataJson.ToHumanReadable(InterpreterDataCodec.Decode(data));

    [Fact]
    public async Task AquaVM_data_holding_large_values_encodes_back_to_the_same_bytes()
    {
        var report = await RunAsync(aquaVm.Interpreter);

        var produced = report.Steps.Where(s => !s.Data.IsEmpty).ToList();
        Assert.Contains(produced, s => s.Data.Length > 2 * ArchiveWriter.DeferredTextBytes);
        Assert.All(produced, s => Assert.Equal(Convert.ToHexString(s.Data.Span), Convert.ToHexString(InterpreterDataCodec.Encode(InterpreterDataCodec.Decode(s.Data)))));
    }

    [Fact]
    public async Task A_particle_carrying_large_values_runs_as_on_AquaVM()
    {
        var expected = ScenarioReportJson.ToJson(await RunAsync(aquaVm.Interpreter));
        var actual = ScenarioReportJson.ToJson(await RunAsync(new NativeAirInterpreter(new AirParseCache())));

        var differences = ScenarioReportComparer.Differences(expected, actual, Decode);

        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public async Task A_large_value_passed_on_unread_and_read_later_runs_as_on_AquaVM()
    {
        // x is replayed unread into a request (its argument a view of the output), then its call is replayed with the
        // result hashed against x, and x is read: appended, canonicalised, compared and passed with a lens.
        var scenario = AirScenario.FromJson(new JsonObject
        {
            ["air"] = """
                (seq (call "{{A}}" ("svc" "big") [] x)
                     (seq (call %init_peer_id% ("op" "identity") [x] y)
                          (seq (ap x $s)
                               (seq (canon %init_peer_id% $s #c)
                                    (seq (match x y (call %init_peer_id% ("op" "array") [#c y x] same))
                                         (call %init_peer_id% ("op" "identity") [#c.$.[0]] first))))))
                """,
            ["peers"] = new JsonArray("client", "A"),
            ["services"] = new JsonObject { ["svc.big"] = new JsonObject { ["result"] = Mid } },
        });
        Task<ScenarioReport> Run(IAirInterpreter interpreter) => new ScenarioRunner(interpreter).RunAsync(scenario, CancellationToken.None);

        var expected = ScenarioReportJson.ToJson(await Run(aquaVm.Interpreter));
        var actual = ScenarioReportJson.ToJson(await Run(new NativeAirInterpreter(new AirParseCache())));

        var differences = ScenarioReportComparer.Differences(expected, actual, Decode);
        Assert.True(differences.Count == 0, string.Join('\n', differences));
    }

    [Fact]
    public async Task Call_request_arguments_keep_their_values_after_the_caller_reuses_its_input_buffers()
    {
        var report = await RunAsync(aquaVm.Interpreter);
        var merge = report.Steps.Single(s => s.Peer == "client" && !s.CurrentData.IsEmpty);
        var (prev, current) = (merge.PrevData.ToArray(), merge.CurrentData.ToArray());
        var invocation = new InterpreterInvocation(report.Air, prev, current,
            new RunParameters(report.PeerIds["client"], report.PeerIds["client"], report.Scenario.Timestamp, report.Scenario.Ttl, 0, ScenarioPeer.SeedOf("client"), report.Scenario.ParticleId),
            new Dictionary<uint, CallServiceResult>());

        var outcome = new NativeAirInterpreter(new AirParseCache()).Invoke(invocation);
        Array.Fill(prev, (byte)'?');
        Array.Fill(current, (byte)'?');

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        var arguments = Assert.Single(outcome.CallRequests).Value.Arguments;
        Assert.Equal(5, arguments.Count);
        Assert.Equal(Big, arguments[0]!.GetValue<string>());
        Assert.Equal("""{"k":[1,2]}""", arguments[1]!.ToJsonString());
        Assert.Equal(Other, arguments[2]!.GetValue<string>());
        Assert.Equal(Big, arguments[3]!.GetValue<string>());
        Assert.Equal(Mid, arguments[4]!.GetValue<string>());
    }
}
