using System.Text.Json.Nodes;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Folds run at constant stack depth: an iteration (and its par, seq, xor, new and next) adds entries to the executor's
/// work stack, not managed frames, and match hands its body back, so a fold over a full stream or a large array runs on
/// a small thread stack (the recursive executor took about eight frames per iteration, and every GC walked them).
/// </summary>
public sealed class DeepFoldTests
{
    // A value fold appends every element to a stream, and a stream fold sends a request per value, its next in a par.
    private const string Script =
        "(seq (call %init_peer_id% (\"svc\" \"values\") [] arr) (seq (fold arr i (seq (ap i $s) (next i))) " +
        "(fold $s v (par (call %init_peer_id% (\"svc\" \"f\") [v] $r) (next v)) (null))))";

    // A stream holds at most 1,023 values (StreamValue.MaxValues).
    private const int Items = 1023;

    // Far less than a thousand iterations of nested frames need, enough for everything else an invocation does.
    private const int SmallStack = 256 * 1024;

    private static readonly Dictionary<uint, CallServiceResult> NoResults = [];

    private readonly KeyPair _me = KeyPair.Generate();

    private RunParameters Parameters => new(_me.PeerId.ToString(), _me.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, _me.Seed.ToArray(), "deep-fold");

    [Fact]
    public void A_fold_over_a_full_stream_with_par_and_next_runs_on_a_small_thread_stack()
    {
        var outcome = FoldOnSmallStack(Script, Items);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        Assert.Equal(Items, outcome.CallRequests.Count);
        // Each value once, in stream order.
        Assert.Equal(Enumerable.Range(0, Items).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            outcome.CallRequests.OrderBy(r => r.Key).Select(r => Assert.Single(r.Value.Arguments)!.ToJsonString()));
    }

    // A fold over a value has no element limit (an array from a service or from incoming data): before match and
    // mismatch handed their body back, a next in a match body took frames per element and 5,000 elements overflowed
    // a thread pool thread's stack, which ends the process.
    [Theory]
    [InlineData("(match i i (next i))")]
    [InlineData("(mismatch i \"x\" (next i))")]
    [InlineData("(xor (next i) (null))")]
    [InlineData("(new $t (seq (ap i $t) (next i)))")]
    [InlineData("(seq (null) (next i))")]
    public void A_fold_over_a_large_array_with_next_nested_in_an_instruction_runs_on_a_small_thread_stack(string body)
    {
        var script = "(seq (call %init_peer_id% (\"svc\" \"values\") [] arr) (seq (fold arr i " + body + ") " +
            "(call %init_peer_id% (\"svc\" \"done\") [])))";

        var outcome = FoldOnSmallStack(script, 20_000);

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        // The call after the fold is reached: every iteration ran and returned.
        Assert.Equal("done", Assert.Single(outcome.CallRequests).Value.FunctionName);
    }

    // Runs the script's first invocation, then the one answering its values call with 0 … items - 1 on a thread with a small stack.
    private InterpreterOutcome FoldOnSmallStack(string script, int items)
    {
        var interpreter = new NativeAirInterpreter(new AirParseCache(), Options.Create(new AirOptions()));
        var first = interpreter.Invoke(new InterpreterInvocation(script, default, default, Parameters, NoResults));
        Assert.True(first.IsSuccess, first.ErrorMessage);
        var (id, _) = Assert.Single(first.CallRequests);
        var values = new JsonArray(Enumerable.Range(0, items).Select(i => (JsonNode?)i).ToArray()).ToJsonString();
        var folding = new InterpreterInvocation(script, first.Data, default, Parameters,
            new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok(values) });

        InterpreterOutcome? outcome = null;
        var thread = new Thread(() => outcome = interpreter.Invoke(folding), SmallStack);
        thread.Start();
        thread.Join();
        Assert.NotNull(outcome);
        return outcome;
    }
}
