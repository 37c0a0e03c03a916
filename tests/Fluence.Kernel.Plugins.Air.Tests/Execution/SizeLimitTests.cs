using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Execution;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// RunParameters' AIR, particle and call-result size limits, soft (outcome flags) and hard (preparation error 10), on
/// AquaVM and the native interpreter with the same input: the same ret code, message, flags and data.
/// </summary>
public sealed class SizeLimitTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private const string TwoCalls = """(seq (call %init_peer_id% ("s" "f") [] x) (call %init_peer_id% ("s" "f") [] y))""";
    private static readonly KeyPair Me = Key("me");
    private static readonly KeyPair Other = Key("other");
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-limits:" + name)));

    private static string OtherCalls => $$"""(seq (call "{{Other.PeerId}}" ("s" "f") [] x) (call %init_peer_id% ("s" "g") [x]))""";

    private static RunParameters Parameters(KeyPair peer, ulong air = RunParameters.DefaultAirSizeLimit, ulong particle = RunParameters.DefaultParticleSizeLimit,
        ulong callResult = RunParameters.DefaultCallResultSizeLimit, bool hard = false) =>
        new(Me.PeerId.ToString(), peer.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, peer.Seed.ToArray(), "limits-particle", air, particle, callResult, hard);

    private static Dictionary<uint, CallServiceResult> Result(string json, int retCode = 0) => new() { [1] = new CallServiceResult(retCode, json) };

    private async Task<ReadOnlyMemory<byte>> AquaVmData(string air, KeyPair peer, ReadOnlyMemory<byte> prev = default, Dictionary<uint, CallServiceResult>? results = null)
    {
        var outcome = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, prev, default, Parameters(peer), results ?? []), CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        return outcome.Data;
    }

    /// <summary>Data from peer "other" that ran its call (761 bytes from AquaVM; its length is read, not assumed).</summary>
    private async Task<ReadOnlyMemory<byte>> OtherData() =>
        await AquaVmData(OtherCalls, Other, await AquaVmData(OtherCalls, Other), Result("\"0123456789\""));

    private async Task<InterpreterOutcome> AssertSameAsync(string air, ReadOnlyMemory<byte> prev, ReadOnlyMemory<byte> current, RunParameters parameters,
        Dictionary<uint, CallServiceResult>? results = null)
    {
        var invocation = new InterpreterInvocation(air, prev, current, parameters, results ?? []);
        var expected = await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None);
        var native = await _native.InvokeAsync(invocation, CancellationToken.None);
        Assert.Equal((expected.RetCode, expected.AirSizeLimitExceeded, expected.ParticleSizeLimitExceeded, expected.CallResultSizeLimitExceeded),
            (native.RetCode, native.AirSizeLimitExceeded, native.ParticleSizeLimitExceeded, native.CallResultSizeLimitExceeded));
        if (expected.RetCode == AquaErrorCodes.SizeLimits)
            Assert.Equal(expected.ErrorMessage, native.ErrorMessage);
        Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
        Assert.Equal(expected.CallRequests.Keys.Order(), native.CallRequests.Keys.Order());
        return native;
    }

    [Theory]
    [InlineData(0UL, false)]
    [InlineData(5UL, false)]
    [InlineData(6UL, false)]
    [InlineData(0UL, true)]
    [InlineData(5UL, true)]
    [InlineData(6UL, true)]
    public async Task An_AIR_script_over_its_limit_sets_the_flag_or_fails_with_10_when_hard(ulong limit, bool hard)
    {
        var outcome = await AssertSameAsync("(null)", default, default, Parameters(Me, air: limit, hard: hard));

        Assert.Equal(limit < 6 && !hard, outcome.AirSizeLimitExceeded);
        Assert.Equal(limit < 6 && hard ? 10 : 0, outcome.RetCode);
    }

    [Fact]
    public async Task The_AIR_limit_counts_UTF8_bytes_and_is_checked_before_parsing()
    {
        await AssertSameAsync("""(seq (null) (ap "éé" x))""", default, default, Parameters(Me, air: 23, hard: true));
        var soft = await AssertSameAsync("(nu", default, default, Parameters(Me, air: 2));
        var hard = await AssertSameAsync("(nu", default, default, Parameters(Me, air: 2, hard: true));

        Assert.Equal((1, true), (soft.RetCode, soft.AirSizeLimitExceeded));
        Assert.Equal(10, hard.RetCode);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    public async Task Current_data_over_the_particle_limit_sets_the_flag_or_fails_with_10_when_hard(int offset, bool hard)
    {
        var current = await OtherData();

        var outcome = await AssertSameAsync(OtherCalls, default, current, Parameters(Me, particle: (ulong)(current.Length + offset), hard: hard));

        Assert.Equal(offset < 0 && !hard, outcome.ParticleSizeLimitExceeded);
        Assert.Equal(offset < 0 && hard ? 10 : 0, outcome.RetCode);
    }

    [Fact]
    public async Task Prev_data_does_not_count_toward_the_particle_limit()
    {
        var prev = await OtherData();

        var outcome = await AssertSameAsync(OtherCalls, prev, default, Parameters(Me, particle: 1, hard: true));

        Assert.False(outcome.ParticleSizeLimitExceeded);
    }

    [Theory]
    [InlineData(11UL, 0, false)]
    [InlineData(12UL, 0, false)]
    [InlineData(11UL, 0, true)]
    [InlineData(12UL, 0, true)]
    [InlineData(5UL, 1, false)]
    [InlineData(5UL, 1, true)]
    public async Task Each_call_result_text_over_its_limit_sets_the_flag_or_fails_with_10_when_hard(ulong limit, int retCode, bool hard)
    {
        var asked = await AquaVmData(TwoCalls, Me);

        var outcome = await AssertSameAsync(TwoCalls, asked, default, Parameters(Me, callResult: limit, hard: hard), Result("\"0123456789\"", retCode));

        Assert.Equal(limit < 12, outcome.CallResultSizeLimitExceeded);
        Assert.Equal(limit < 12 && hard ? 10 : retCode == 0 ? 0 : 10000, outcome.RetCode);
    }

    [Fact]
    public async Task The_call_result_limit_counts_UTF8_bytes()
    {
        await AssertSameAsync("(null)", default, default, Parameters(Me, callResult: 3, hard: true), new() { [9] = CallServiceResult.Ok("\"é\"") });
    }

    [Fact]
    public async Task Hard_limits_are_checked_air_then_particle_then_call_results_after_parsing_and_decoding()
    {
        var current = await OtherData();
        var asked = await AquaVmData(TwoCalls, Me);
        var results = Result("\"0123456789\"");

        await AssertSameAsync(OtherCalls, asked, current, Parameters(Me, air: 1, particle: 1, callResult: 1, hard: true), results);
        await AssertSameAsync(OtherCalls, asked, current, Parameters(Me, particle: 1, callResult: 1, hard: true), results);
        var parseFirst = await AssertSameAsync("(nul", default, default, Parameters(Me, callResult: 1, hard: true), new() { [9] = CallServiceResult.Ok("1") });

        Assert.Equal(1, parseFirst.RetCode);
    }

    [Fact]
    public async Task Soft_flags_stay_on_outcomes_that_fail_later_and_call_results_are_checked_after_the_data()
    {
        var current = await OtherData();
        var asked = await AquaVmData(TwoCalls, Me);
        var results = Result("\"0123456789\"");

        await AssertSameAsync(OtherCalls, asked, current, Parameters(Me, air: 1, particle: 1, callResult: 1), results);
        var garbage = await AssertSameAsync(OtherCalls, asked, new byte[] { 1, 2, 3 }, Parameters(Me, air: 1, particle: 1, callResult: 1), results);

        Assert.Equal((true, true, false), (garbage.AirSizeLimitExceeded, garbage.ParticleSizeLimitExceeded, garbage.CallResultSizeLimitExceeded));
    }
}
