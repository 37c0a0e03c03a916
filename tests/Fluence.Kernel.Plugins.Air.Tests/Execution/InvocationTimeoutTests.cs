using System.Diagnostics;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// A script whose folds would run practically forever is stopped at the invocation timeout or by cancellation, and the
/// interpreter keeps serving: AquaVM's host stops it from outside, the native engine checks at its fold iterations.
/// </summary>
public sealed class InvocationTimeoutTests
{
    private static readonly Dictionary<uint, CallServiceResult> NoResults = [];

    private readonly KeyPair _me = KeyPair.Generate();

    private static NativeAirInterpreter Interpreter(TimeSpan timeout) =>
        new(new AirParseCache(), Options.Create(new AirOptions { InvocationTimeout = timeout }));

    private RunParameters Parameters => new(_me.PeerId.ToString(), _me.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, _me.Seed.ToArray(), "spinning");

    /// <summary>The invocation that gets the items and starts folding over them.</summary>
    private InterpreterInvocation Folding(NativeAirInterpreter interpreter)
    {
        var first = interpreter.Invoke(new InterpreterInvocation(LoopingAir.Script, default, default, Parameters, NoResults));
        Assert.True(first.IsSuccess, first.ErrorMessage);
        var (id, _) = Assert.Single(first.CallRequests);
        return new InterpreterInvocation(LoopingAir.Script, first.Data, default, Parameters, new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok(LoopingAir.Items) });
    }

    [Fact]
    public async Task Folds_running_past_the_invocation_timeout_are_stopped_with_a_timeout_and_the_interpreter_keeps_serving()
    {
        var interpreter = Interpreter(TimeSpan.FromMilliseconds(200));
        var folding = Folding(interpreter);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => await interpreter.InvokeAsync(folding, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));
        Assert.Contains("Air:InvocationTimeout", error.Message);
        var after = await interpreter.InvokeAsync(new InterpreterInvocation("(null)", default, default, Parameters, NoResults), CancellationToken.None);
        Assert.True(after.IsSuccess, after.ErrorMessage);
    }

    [Fact]
    public async Task Cancelling_the_caller_stops_running_folds()
    {
        var interpreter = Interpreter(TimeSpan.FromMinutes(10));
        var folding = Folding(interpreter);
        // Started before the cancellation's timer: a fold that notices it at once must not look early.
        var watch = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await interpreter.InvokeAsync(folding, cancellation.Token));

        // The timer counts in coarser ticks than the stopwatch (it may fire a little before 200 ms by the stopwatch).
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(180), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Folds_within_the_timeout_run_to_their_end()
    {
        var interpreter = Interpreter(TimeSpan.FromSeconds(30));
        var first = interpreter.Invoke(new InterpreterInvocation(LoopingAir.Script, default, default, Parameters, NoResults));
        var (id, _) = Assert.Single(first.CallRequests);

        var outcome = interpreter.Invoke(new InterpreterInvocation(LoopingAir.Script, first.Data, default, Parameters,
            new Dictionary<uint, CallServiceResult> { [id] = CallServiceResult.Ok("[1,2,3]") }));

        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
    }
}
