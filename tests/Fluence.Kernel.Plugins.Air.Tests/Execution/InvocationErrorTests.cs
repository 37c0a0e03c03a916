using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Preparation, trace and farewell errors of single invocations (aquavm.md §1.7, §3.4–3.6) on both interpreters: the
/// same ret_code, and prev_data returned unchanged where AquaVM does that.
/// </summary>
public sealed class InvocationErrorTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly Dictionary<uint, CallServiceResult> NoResults = [];
    private readonly NativeAirInterpreter _native = new(new AirParseCache());
    private readonly KeyPair _me = Key("me");
    private readonly KeyPair _other = Key("other");

    // A call the peer "other" executes itself (so its data holds a signed service result).
    private string OtherCalls => $$"""(call "{{_other.PeerId}}" ("s" "f") [] x)""";

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-errors:" + name)));

    private RunParameters Parameters(KeyPair peer) =>
        new(_me.PeerId.ToString(), peer.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, peer.Seed.ToArray(), "error-particle");

    private async Task<(InterpreterOutcome AquaVm, InterpreterOutcome Native)> Both(string air, ReadOnlyMemory<byte> prev, ReadOnlyMemory<byte> current,
        Dictionary<uint, CallServiceResult>? results = null, KeyPair? peer = null)
    {
        var invocation = new InterpreterInvocation(air, prev, current, Parameters(peer ?? _me), results ?? NoResults);
        return (await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None), await _native.InvokeAsync(invocation, CancellationToken.None));
    }

    private async Task<ReadOnlyMemory<byte>> DataOf(string air, KeyPair peer, Dictionary<uint, CallServiceResult>? results = null, ReadOnlyMemory<byte> prev = default)
    {
        var outcome = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, prev, default, Parameters(peer), results ?? NoResults), CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        return outcome.Data;
    }

    [Fact]
    public async Task An_incompatible_state_in_current_data_is_a_trace_error_that_keeps_prev_data()
    {
        var prev = await DataOf("""(par (null) (null))""", _me);
        var current = await DataOf("""(call %init_peer_id% ("s" "f") [] x)""", _other);

        var (expected, native) = await Both("""(par (null) (null))""", prev, current);

        Assert.Equal(20000, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(prev.ToArray(), native.Data.ToArray());
        Assert.Empty(native.NextPeerPks);
        Assert.Empty(native.CallRequests);
    }

    [Fact]
    public async Task A_call_result_nobody_asked_for_is_farewell_error_30000_with_new_data()
    {
        var (expected, native) = await Both("(null)", default, default, new Dictionary<uint, CallServiceResult> { [7] = CallServiceResult.Ok("1") });

        Assert.Equal(30000, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
    }

    [Fact]
    public async Task A_tampered_value_in_current_data_fails_the_CID_check_with_code_8()
    {
        var air = OtherCalls;
        var asked = await DataOf(air, _other);
        var answered = (await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, asked, default, Parameters(_other),
            new Dictionary<uint, CallServiceResult> { [1] = CallServiceResult.Ok("\"value\"") }), CancellationToken.None)).Data;
        var data = InterpreterDataCodec.Decode(answered);
        var (cid, _) = data.CidInfo.Values.Entries.Single(e => e.Value.Json == "\"value\"");
        data.CidInfo.Values.Entries[data.CidInfo.Values.Entries.FindIndex(e => e.Key == cid)] = KeyValuePair.Create(cid, new RawValue("\"forged\""));
        var tampered = InterpreterDataCodec.Encode(data);

        var (expected, native) = await Both(air, default, tampered);

        Assert.Equal(8, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.True(native.Data.IsEmpty);
    }

    [Fact]
    public async Task A_signature_by_the_wrong_key_fails_with_code_9()
    {
        var air = OtherCalls;
        var asked = await DataOf(air, _other);
        var answered = (await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, asked, default, Parameters(_other),
            new Dictionary<uint, CallServiceResult> { [1] = CallServiceResult.Ok("\"value\"") }), CancellationToken.None)).Data;
        var data = InterpreterDataCodec.Decode(answered);
        var signature = data.Signatures[0];
        data.Signatures[0] = new PeerSignature(signature.PublicKey, [0x00, .. _me.Sign(Encoding.UTF8.GetBytes("something else"))]);
        var forged = InterpreterDataCodec.Encode(data);

        var (expected, native) = await Both(air, default, forged);

        Assert.Equal(9, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
    }

    // This peer calls its host (a CID it produces and signs), then sends the particle on.
    private const string SignedHere = """(seq (call %init_peer_id% ("s" "f") [] x) (call "other-peer" ("s" "g") [x]))""";

    // The data of this peer after its host answered the script's first call with result.
    private async Task<ReadOnlyMemory<byte>> AnsweredHere(string air, string result) =>
        await DataOf(air, _me, new Dictionary<uint, CallServiceResult> { [1] = CallServiceResult.Ok(result) }, await DataOf(air, _me));

    [Fact]
    public async Task The_peers_own_signature_come_back_over_the_CIDs_it_signed_is_accepted()
    {
        var answered = await AnsweredHere(SignedHere, "\"a\"");

        // The data comes back as it left (e.g. from a relay): the peer's own signature is unchanged.
        var (expected, native) = await Both(SignedHere, answered, answered);

        Assert.Equal(0, expected.RetCode);
        Assert.Equal(0, native.RetCode);
        Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
    }

    [Fact]
    public async Task The_peers_own_unchanged_signature_over_other_CIDs_than_it_signed_fails_with_code_9()
    {
        var signedA = await AnsweredHere(SignedHere, "\"a\"");
        var signedB = await AnsweredHere(SignedHere, "\"b\"");
        // Result "b" under the signature the peer made over result "a": the signature is byte-identical to prev's own.
        var forged = InterpreterDataCodec.Decode(signedB);
        forged.Signatures.Clear();
        forged.Signatures.AddRange(InterpreterDataCodec.Decode(signedA).Signatures);

        var (expected, native) = await Both(SignedHere, signedA, InterpreterDataCodec.Encode(forged));

        Assert.Equal(9, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
    }

    [Fact]
    public async Task The_peers_own_signature_come_back_after_a_failure_it_did_not_sign_is_checked_like_AquaVM()
    {
        // A result that is not JSON fails the call, and AquaVM leaves that failure out of what the peer signs.
        var air = """(seq (xor (call %init_peer_id% ("s" "f") [] x) (null)) (call "other-peer" ("s" "g") []))""";
        var failed = await AnsweredHere(air, "not json");

        var (expected, native) = await Both(air, failed, failed);

        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
    }

    [Fact]
    public async Task Data_of_an_interpreter_older_than_0_61_is_refused_with_code_6()
    {
        var data = InterpreterDataCodec.Decode(await DataOf("(null)", _other));
        data.InterpreterVersion = "0.60.0";
        var old = InterpreterDataCodec.Encode(data);

        var (expected, native) = await Both("(null)", default, old);

        Assert.Equal(6, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x83, 0xa7, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e })]
    public async Task Garbage_current_data_is_a_preparation_error_that_keeps_prev_data(byte[] garbage)
    {
        var prev = await DataOf("(null)", _me);

        var (expected, native) = await Both("(null)", prev, garbage);

        Assert.InRange(expected.RetCode, 1, 10);
        Assert.InRange(native.RetCode, 1, 10);
        Assert.Equal(prev.ToArray(), native.Data.ToArray());
    }

    [Fact]
    public async Task Native_data_with_a_merged_remote_result_is_accepted_by_AquaVM_and_the_reverse()
    {
        var air = $$"""(seq (call "{{_other.PeerId}}" ("s" "f") [] x) (call %init_peer_id% ("return" "") [x]))""";
        var first = await _native.InvokeAsync(new InterpreterInvocation(air, default, default, Parameters(_me), NoResults), CancellationToken.None);
        var atOther = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, default, first.Data, Parameters(_other), NoResults), CancellationToken.None);
        var answered = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, atOther.Data, default, Parameters(_other),
            new Dictionary<uint, CallServiceResult> { [1] = CallServiceResult.Ok("{\"k\":[1,2.5,\"é\"]}") }), CancellationToken.None);

        var (expected, native) = await Both(air, first.Data, answered.Data);

        Assert.Equal(0, expected.RetCode);
        Assert.Equal(0, native.RetCode);
        Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
        Assert.Equal("""{"k":[1,2.5,"é"]}""", Assert.Single(native.CallRequests).Value.Arguments[0]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public async Task Replaying_a_call_whose_arguments_changed_is_uncatchable_20017_on_both()
    {
        var asked = await DataOf("""(call %init_peer_id% ("s" "f") [1] x)""", _me);
        var answered = await DataOf("""(call %init_peer_id% ("s" "f") [1] x)""", _me, new Dictionary<uint, CallServiceResult> { [1] = CallServiceResult.Ok("2") }, asked);

        var (expected, native) = await Both("""(xor (call %init_peer_id% ("s" "f") [2] x) (null))""", answered, default);

        Assert.Equal(20017, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
        Assert.Equal(answered.ToArray(), native.Data.ToArray());
    }
    // A call that failed on "me" (its host answered ret_code 1), replayed with the script's other arguments or triplet
    // on "me" again or on "other": AquaVM checks a recorded failure's argument hash and tetraplet as it checks a
    // recorded result's (found by the delivery campaign: a par branch changed :error: before the failure replayed).
    [Theory]
    [InlineData("[2]", "f", "me", 20017)]
    [InlineData("[1]", "g", "me", 20017)]
    [InlineData("[2]", "f", "other", 20017)]
    [InlineData("[1]", "f", "me", 10000)]
    public async Task Replaying_a_failed_call_whose_arguments_or_function_changed_is_uncatchable_20017_as_on_AquaVM(string arguments, string function, string replayedOn, int retCode)
    {
        var air = $$"""(call %init_peer_id% ("s" "f") [1] x)""";
        var asked = await DataOf(air, _me);
        var failed = (await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, asked, default, Parameters(_me),
            new Dictionary<uint, CallServiceResult> { [1] = new CallServiceResult(1, "\"boom\"") }), CancellationToken.None)).Data;
        var replay = $$"""(call %init_peer_id% ("s" "{{function}}") {{arguments}} x)""";

        var (expected, native) = replayedOn == "me"
            ? await Both(replay, failed, default)
            : await Both(replay, default, failed, peer: _other);

        Assert.Equal(retCode, expected.RetCode);
        Assert.Equal(expected.RetCode, native.RetCode);
        Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
        Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
    }
}
