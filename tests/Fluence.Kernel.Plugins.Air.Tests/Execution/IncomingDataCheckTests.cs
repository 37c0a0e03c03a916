using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Checks AquaVM makes on incoming data (aquavm.md §3.4–3.6): per peer, the smaller signed CID multiset of prev and
/// current data must be a sub-multiset of the larger (else code 9); references from the trace into the CID stores
/// (and between the stores) must resolve. Crafted data, run on AquaVM and the native interpreter with the same input.
/// </summary>
public sealed class IncomingDataCheckTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly KeyPair Me = Key("me");
    private static readonly KeyPair Other = Key("other");
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-merge:" + name)));

    private static string OneCall => $$"""(call "{{Other.PeerId}}" ("s" "f") [] x)""";

    private static string TwoCalls => $$"""(seq (call "{{Other.PeerId}}" ("s" "f") [] x) (call "{{Other.PeerId}}" ("s" "g") [] y))""";

    private static RunParameters Parameters(KeyPair peer) =>
        new(Me.PeerId.ToString(), peer.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, peer.Seed.ToArray(), "merge-particle");

    private async Task<ReadOnlyMemory<byte>> AquaVmData(string air, KeyPair peer, ReadOnlyMemory<byte> prev, params string[] results)
    {
        var callResults = results.Select((r, i) => KeyValuePair.Create((uint)(i + 1), CallServiceResult.Ok(r))).ToDictionary();
        var outcome = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, prev, default, Parameters(peer), callResults), CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        return outcome.Data;
    }

    /// <summary>Other's data after answering its calls one invocation at a time with <paramref name="results"/>.</summary>
    private async Task<ReadOnlyMemory<byte>> OtherAnswered(string air, params string[] results)
    {
        var data = await AquaVmData(air, Other, default);
        for (var i = 0; i < results.Length; i++)
        {
            var callResults = new Dictionary<uint, CallServiceResult> { [(uint)(i + 1)] = CallServiceResult.Ok(results[i]) };
            var outcome = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, data, default, Parameters(Other), callResults), CancellationToken.None);
            Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
            data = outcome.Data;
        }
        return data;
    }

    private async Task<(InterpreterOutcome AquaVm, InterpreterOutcome Native)> BothAsync(string air, ReadOnlyMemory<byte> prev, ReadOnlyMemory<byte> current)
    {
        var invocation = new InterpreterInvocation(air, prev, current, Parameters(Me), new Dictionary<uint, CallServiceResult>());
        var expected = await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None);
        var native = await _native.InvokeAsync(invocation, CancellationToken.None);
        Assert.True(expected.RetCode == native.RetCode, $"AquaVM {expected.RetCode} '{expected.ErrorMessage}' vs native {native.RetCode} '{native.ErrorMessage}'");
        Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
        return (expected, native);
    }

    [Fact]
    public async Task A_peer_whose_signed_results_conflict_between_prev_and_current_data_fails_with_9()
    {
        var prev = await OtherAnswered(OneCall, "\"a\"");
        var current = await OtherAnswered(OneCall, "\"b\"");

        var (expected, native) = await BothAsync(OneCall, prev, current);

        Assert.Equal(9, expected.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
        Assert.Equal(prev.ToArray(), native.Data.ToArray());
    }

    [Fact]
    public async Task A_peer_whose_results_in_one_data_extend_the_other_merges_either_way()
    {
        var one = await OtherAnswered(TwoCalls, "\"a\"");
        var two = await OtherAnswered(TwoCalls, "\"a\"", "\"b\"");

        var (forward, _) = await BothAsync(TwoCalls, one, two);
        var (backward, _) = await BothAsync(TwoCalls, two, one);

        Assert.Equal((0, 0), (forward.RetCode, backward.RetCode));
    }

    [Fact]
    public async Task Results_that_differ_in_both_directions_across_more_calls_fail_with_9()
    {
        var first = await OtherAnswered(TwoCalls, "\"a\"", "\"b\"");
        var second = await OtherAnswered(TwoCalls, "\"a\"", "\"c\"");

        var (expected, _) = await BothAsync(TwoCalls, first, second);

        Assert.Equal(9, expected.RetCode);
    }

    private static string Canon => $$"""(seq (call "{{Other.PeerId}}" ("s" "f") [] x) (seq (ap x $s) (canon "{{Other.PeerId}}" $s #c)))""";

    private static ReadOnlyMemory<byte> Without(ReadOnlyMemory<byte> data, string store)
    {
        var decoded = InterpreterDataCodec.Decode(data);
        var info = decoded.CidInfo;
        switch (store)
        {
            case "value": info.Values.Entries.Clear(); break;
            case "tetraplet": info.Tetraplets.Entries.Clear(); break;
            case "canon element": info.CanonElements.Entries.Clear(); break;
            case "canon result": info.CanonResults.Entries.Clear(); break;
            case "service result": info.ServiceResults.Entries.Clear(); break;
            default: throw new ArgumentException(store);
        }
        return InterpreterDataCodec.Encode(decoded);
    }

    // A trace state whose CID is missing from its store (service result or canon result) or any missing reference in
    // prev_data makes AquaVM 0.62 panic ("cannot happen in a checked CID store"): nothing to compare; the native
    // interpreter answers 9 (signature check) or 20010 for those.
    [Theory]
    [InlineData("service result", false)]
    [InlineData("value", false)]
    [InlineData("tetraplet", false)]
    [InlineData("canon element", false)]
    [InlineData("value", true)]
    [InlineData("canon element", true)]
    public async Task A_store_missing_what_a_canon_refers_to_fails_as_on_AquaVM(string store, bool inPrev)
    {
        var data = Without(await OtherAnswered(Canon, "\"a\""), store);

        var (expected, native) = inPrev ? await BothAsync(Canon, data, default) : await BothAsync(Canon, default, data);

        Assert.Equal(inPrev ? 20010 : 8, expected.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
    }

    [Theory]
    [InlineData("value")]
    [InlineData("tetraplet")]
    public async Task A_store_missing_what_a_call_state_refers_to_fails_as_on_AquaVM(string store)
    {
        var data = Without(await OtherAnswered(OneCall, "\"a\""), store);

        var (expected, native) = await BothAsync(OneCall, default, data);

        Assert.Equal(8, expected.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
    }
}
