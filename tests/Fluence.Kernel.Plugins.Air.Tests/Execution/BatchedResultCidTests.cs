using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Results applied together in one invocation, more than a hashing batch of them, with values and whole service results
/// repeating: their CIDs are hashed in batches and their store entries put pending (CidBatch, CidStore.PutPending), and
/// the stores must still hold each CID once, as AquaVM's do — which the semantic comparison of the differential suite,
/// keyed by CID, would not show.
/// </summary>
public sealed class BatchedResultCidTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static AirScenario Scenario() => AirScenario.FromJson(new JsonObject
    {
        // 22 elements: identity gives back repeated values for repeated arguments (the same service result again).
        ["air"] = """
            (seq (call %init_peer_id% ("op" "array") [1 2 1 1 2 3 1 1 1 2 1 1 3 1 1 1 1 2 1 1 "x" 1] arr)
                 (seq (fold arr i (par (call %init_peer_id% ("op" "identity") [i] $s) (next i)))
                      (seq (call %init_peer_id% ("op" "noop") [])
                           (seq (canon %init_peer_id% $s #c) (call %init_peer_id% ("op" "noop") [#c])))))
            """,
        ["peers"] = new JsonArray("client"),
        ["services"] = new JsonObject { ["op.array"] = "echo", ["op.identity"] = "identity", ["op.noop"] = "noop" },
    });

    private static Task<ScenarioReport> RunAsync(IAirInterpreter interpreter) => new ScenarioRunner(interpreter).RunAsync(Scenario(), CancellationToken.None);

    [Fact]
    public async Task Results_applied_together_store_each_cid_once_as_on_AquaVM()
    {
        var expected = await RunAsync(aquaVm.Interpreter);
        var actual = await RunAsync(new NativeAirInterpreter(new AirParseCache()));

        Assert.Equal(expected.Steps.Count, actual.Steps.Count);
        var checkedSteps = 0;
        for (var i = 0; i < expected.Steps.Count; i++)
        {
            if (expected.Steps[i].Data.IsEmpty)
                continue;
            var (aqua, native) = (InterpreterDataCodec.Decode(expected.Steps[i].Data).CidInfo, InterpreterDataCodec.Decode(actual.Steps[i].Data).CidInfo);
            AssertSameKeys(aqua.Values.Entries.Select(e => e.Key.Value), native.Values.Entries.Select(e => e.Key.Value));
            AssertSameKeys(aqua.ServiceResults.Entries.Select(e => e.Key.Value), native.ServiceResults.Entries.Select(e => e.Key.Value));
            AssertSameKeys(aqua.Tetraplets.Entries.Select(e => e.Key.Value), native.Tetraplets.Entries.Select(e => e.Key.Value));
            checkedSteps++;
        }
        Assert.True(checkedSteps > 0);
        // Some invocation applied more results than one batch hashes, and fewer distinct ones than it applied.
        var last = InterpreterDataCodec.Decode(actual.Steps[^1].Data).CidInfo;
        Assert.InRange(last.ServiceResults.Count, 4, 10);
    }

    // AquaVM writes its stores in no meaningful order: the same keys, each once.
    private static void AssertSameKeys(IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var (e, a) = (expected.ToList(), actual.ToList());
        Assert.Equal(a.Count, a.Distinct().Count());
        Assert.Equal(e.Order(StringComparer.Ordinal), a.Order(StringComparer.Ordinal));
    }
}
