using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// The texts of errors that show AquaVM's own structures (trace states as Rust's Debug prints them, the host's call
/// results): the native interpreter must give AquaVM's text, as the outcome's error message is part of the outcome.
/// </summary>
public sealed class TraceErrorTextTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly KeyPair Me = Key("me");
    private static readonly KeyPair Other = Key("other");
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    // Every kind of state once, each where its instruction expects it: ap, canon (executed), par, call (scalar, stream,
    // unused, failed), requests sent to Other (a call and a canon) and handed to the host (call id), a stream fold.
    private static readonly string EveryState = $$"""
        (seq
         (seq
          (seq (ap 1 $s) (canon %init_peer_id% $s #c))
          (par (null) (null)))
         (seq
          (seq
           (seq (call %init_peer_id% ("s" "f") [] x) (call %init_peer_id% ("s" "f") [] $s))
           (seq (call %init_peer_id% ("s" "f") []) (xor (call %init_peer_id% ("s" "fail") [] y) (null))))
          (par
           (par (call "{{Other.PeerId}}" ("s" "f") [] z) (par (canon "{{Other.PeerId}}" $s #d) (call %init_peer_id% ("s" "g") [] w)))
           (fold $s i (seq (null) (next i))))))
        """;

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-trace-error-text:" + name)));

    private static InterpreterInvocation Invocation(string air, ReadOnlyMemory<byte> prev, ReadOnlyMemory<byte> current, Dictionary<uint, CallServiceResult>? results = null) =>
        new(air, prev, current, new RunParameters(Me.PeerId.ToString(), Me.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, Me.Seed.ToArray(), "trace-error-text"),
            results ?? []);

    /// <summary>Me's data of <see cref="EveryState"/>, its calls on Me answered ("fail" with an error; "g" left waiting).</summary>
    private async Task<ReadOnlyMemory<byte>> EveryStateData()
    {
        var outcome = await aquaVm.Interpreter.InvokeAsync(Invocation(EveryState, default, default), CancellationToken.None);
        while (outcome.CallRequests.Where(r => r.Value.FunctionName != "g").ToDictionary(
            r => r.Key, r => r.Value.FunctionName == "fail" ? new CallServiceResult(1, "\"boom\"") : CallServiceResult.Ok("\"r\"")) is { Count: > 0 } answers)
        {
            outcome = await aquaVm.Interpreter.InvokeAsync(Invocation(EveryState, outcome.Data, default, answers), CancellationToken.None);
            Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        }
        Assert.Equal(14, InterpreterDataCodec.Decode(outcome.Data).Trace.Count);
        return outcome.Data;
    }

    private async Task<string> SameOutcomeAsync(InterpreterInvocation invocation)
    {
        var expected = await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None);
        var native = await _native.InvokeAsync(invocation, CancellationToken.None);
        Assert.True((expected.RetCode, expected.ErrorMessage) == (native.RetCode, native.ErrorMessage),
            $"AquaVM {expected.RetCode} '{expected.ErrorMessage}'\nnative {native.RetCode} '{native.ErrorMessage}'");
        return expected.ErrorMessage;
    }

    [Fact]
    public async Task A_state_of_another_kind_in_prev_data_is_refused_with_AquaVMs_text_showing_that_state()
    {
        var data = await EveryStateData();
        var trace = InterpreterDataCodec.Decode(data).Trace;
        var compared = 0;
        for (var at = 0; at < trace.Count; at++)
        {
            for (var from = 0; from < trace.Count; from++)
            {
                if (trace[at].GetType() == trace[from].GetType())
                    continue;
                var decoded = InterpreterDataCodec.Decode(data);
                decoded.Trace[at] = decoded.Trace[from];

                var message = await SameOutcomeAsync(Invocation(EveryState, InterpreterDataCodec.Encode(decoded), default));

                Assert.Contains("trace handler encountered an error: state from previous `", message, StringComparison.Ordinal);
                compared++;
            }
        }
        Assert.True(compared > 100, $"{compared} alterations");
    }

    [Fact]
    public async Task A_state_of_another_kind_in_current_data_is_refused_with_AquaVMs_text_showing_that_state()
    {
        // Two states swapped: the CIDs each peer signed stay the same, so the data passes its signature check.
        var data = await EveryStateData();
        var trace = InterpreterDataCodec.Decode(data).Trace;
        var compared = 0;
        for (var at = 0; at < trace.Count; at++)
        {
            for (var from = at + 1; from < trace.Count; from++)
            {
                if (trace[at].GetType() == trace[from].GetType())
                    continue;
                var decoded = InterpreterDataCodec.Decode(data);
                (decoded.Trace[at], decoded.Trace[from]) = (decoded.Trace[from], decoded.Trace[at]);

                var message = await SameOutcomeAsync(Invocation(EveryState, default, InterpreterDataCodec.Encode(decoded)));

                Assert.Contains("trace handler encountered an error: state from current `", message, StringComparison.Ordinal);
                compared++;
            }
        }
        Assert.True(compared > 50, $"{compared} alterations");
    }

    [Theory]
    [InlineData(0, "\"done\"")]
    [InlineData(1, "\"quote \\\" backslash \\\\ tab\\t\"")]
    [InlineData(7, "text with\nnewline, \u0001 control and é")]
    public async Task A_call_result_the_script_does_not_take_is_named_as_AquaVM_names_it(int retCode, string result)
    {
        var air = """(call %init_peer_id% ("s" "f") [] x)""";
        var sent = await aquaVm.Interpreter.InvokeAsync(Invocation(air, default, default), CancellationToken.None);

        var message = await SameOutcomeAsync(Invocation(air, sent.Data, default, new() { [1] = CallServiceResult.Ok("1"), [42] = new CallServiceResult(retCode, result) }));

        Assert.StartsWith("after finishing execution of supplied AIR, there are some unprocessed call results", message, StringComparison.Ordinal);
    }
}
