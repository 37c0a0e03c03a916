using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Bytes of an AquaVM-recorded envelope changed in place (found by a campaign flipping every byte of the envelope's
/// MessagePack header): native must refuse as AquaVM does, with its code and the same message, in prev_data and in
/// current_data.
/// </summary>
public sealed class TamperedEnvelopeTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly KeyPair Me = Key("me");
    private static readonly KeyPair Other = Key("other");
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-tampered-envelope:" + name)));

    private static RunParameters Parameters(KeyPair peer) =>
        new(Me.PeerId.ToString(), peer.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, peer.Seed.ToArray(), "tampered-envelope-particle");

    private static readonly string OneCall = $$"""(call "{{Other.PeerId}}" ("s" "f") [] x)""";

    /// <summary>Other's data after it answered its call: the envelope <c>{"version": "0.17.2", "interpreter_version": "0.62.0", "inner_data": bin16}</c>.</summary>
    private async Task<byte[]> OtherAnswered()
    {
        var sent = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(OneCall, default, default, Parameters(Other), new Dictionary<uint, CallServiceResult>()), CancellationToken.None);
        var callResults = new Dictionary<uint, CallServiceResult> { [1] = CallServiceResult.Ok("\"a\"") };
        var answered = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(OneCall, sent.Data, default, Parameters(Other), callResults), CancellationToken.None);
        Assert.True(answered.IsSuccess, answered.ErrorMessage);
        return answered.Data.ToArray();
    }

    private async Task<InterpreterOutcome> BothAsync(ReadOnlyMemory<byte> prev, ReadOnlyMemory<byte> current)
    {
        var invocation = new InterpreterInvocation(OneCall, prev, current, Parameters(Me), new Dictionary<uint, CallServiceResult>());
        var expected = await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None);
        var native = await _native.InvokeAsync(invocation, CancellationToken.None);
        Assert.True(expected.RetCode == native.RetCode, $"AquaVM {expected.RetCode} '{expected.ErrorMessage}' vs native {native.RetCode} '{native.ErrorMessage}'");
        Assert.True(expected.ErrorMessage == native.ErrorMessage, $"AquaVM '{expected.ErrorMessage}' vs native '{native.ErrorMessage}'");
        return expected;
    }

    // Offsets in the envelope: 0 the map, 1 "version"'s str header, 9 "0.17.2"'s, 16 "interpreter_version"'s, 36
    // "0.62.0"'s, 43 "inner_data"'s, 54 its bin16 header, 55–56 the archive's length.
    [Theory]
    [InlineData(0, "03")] // no map: the value named as serde names it
    [InlineData(0, "93")] // an array
    [InlineData(0, "a3")] // a str
    [InlineData(0, "c1")] // a reserved marker
    [InlineData(0, "cb")] // a float
    [InlineData(0, "82")] // inner_data left out of the map: missing, with the versions readable (4)
    [InlineData(1, "a6")] // keys and values shifted: all three fields missing, inner_data named first
    [InlineData(2, "77")] // "wersion": version missing
    [InlineData(17, "68")] // "hnterpreter_version": interpreter_version missing
    [InlineData(9, "a7")] // version swallows the next str header: not UTF-8, but inner_data is missing first
    [InlineData(9, "26")] // version an integer, then integer keys
    [InlineData(13, "b7")] // version not UTF-8: bytes to serde
    [InlineData(13, "00")] // a NUL in version, as SemVer's reader quotes it
    [InlineData(13, "09")] // a tab
    [InlineData(36, "c3")] // interpreter_version a boolean
    [InlineData(36, "c0")] // interpreter_version nil
    [InlineData(36, "ca")] // interpreter_version a float
    [InlineData(16, "a7")] // a 7-byte key, then integer keys and values
    [InlineData(43, "ab")] // inner_data's key one byte longer: inner_data missing
    [InlineData(44, "e9")] // inner_data's key a negative fixint: skipped, but the versions read fails too (3)
    [InlineData(54, "c6")] // the archive's length past the end
    [InlineData(54, "c1")] // a reserved marker as inner_data's value
    [InlineData(54, "ca")] // inner_data a float
    [InlineData(43, "a7")] // "inner_d" as a key, "ata" its value's bytes
    public async Task An_envelope_byte_changed_fails_with_aquavms_code_and_message_in_prev_and_current_data(int offset, string hex)
    {
        var data = await OtherAnswered();
        var altered = data.ToArray();
        Convert.FromHexString(hex).CopyTo(altered, offset);

        var inCurrent = await BothAsync(default, altered);
        var inPrev = await BothAsync(altered, data);

        Assert.NotEqual(0, inCurrent.RetCode);
        Assert.Equal(inCurrent.ErrorMessage, inPrev.ErrorMessage);
    }

    [Theory]
    [InlineData("version")]
    [InlineData("interpreter_version")]
    [InlineData("inner_data")]
    public async Task A_field_twice_in_the_envelope_is_refused_as_a_duplicate(string field)
    {
        var data = await OtherAnswered();
        // The map grows to four entries: the field's entry again, at the map's start.
        var key = Encoding.ASCII.GetBytes(field);
        var at = data.AsSpan().IndexOf([(byte)(0xa0 | key.Length), .. key]);
        var valueAt = at + 1 + key.Length;
        var end = field == "inner_data" ? data.Length : valueAt + 1 + (data[valueAt] & 0x1f);
        byte[] altered = [0x84, .. data.AsSpan(at, end - at), .. data.AsSpan(1)];

        var outcome = await BothAsync(default, altered);

        Assert.NotEqual(0, outcome.RetCode);
    }
}
