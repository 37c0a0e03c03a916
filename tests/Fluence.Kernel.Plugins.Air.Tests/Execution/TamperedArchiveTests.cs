using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Bytes of AquaVM-recorded particle data changed in place (found by a campaign flipping bytes of the envelope and of
/// the rkyv archive inside it): where each pointer may point (rkyv's validation, which AquaVM runs before reading) and
/// how the envelope's keys and inner_data are read. Native must refuse what AquaVM refuses, with its code (its messages
/// name addresses in AquaVM's memory), and accept what it accepts.
/// </summary>
public sealed class TamperedArchiveTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly KeyPair Me = Key("me");
    private static readonly KeyPair Other = Key("other");
    private readonly NativeAirInterpreter _native = new(new AirParseCache());

    private static KeyPair Key(string name) => KeyPair.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes("native-air-tampered-archive:" + name)));

    private static RunParameters Parameters(KeyPair peer) =>
        new(Me.PeerId.ToString(), peer.PeerId.ToString(), 1_700_000_000_000, 60_000, 0, peer.Seed.ToArray(), "tampered-archive-particle");

    // Two calls on Other: two tetraplets, each with Other's peer id written out of line.
    private static readonly string TwoCalls = $$"""(seq (call "{{Other.PeerId}}" ("s" "f") [] x) (call "{{Other.PeerId}}" ("s" "g") [] y))""";

    /// <summary>Other's data after it ran <paramref name="air"/> alone, answering each of its requests with "r" and its id.</summary>
    private async Task<byte[]> OtherAnsweredAll(string air)
    {
        var outcome = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, default, default, Parameters(Other), new Dictionary<uint, CallServiceResult>()), CancellationToken.None);
        while (outcome.CallRequests.Count > 0)
        {
            var answers = outcome.CallRequests.Keys.ToDictionary(id => id, id => CallServiceResult.Ok($"\"r{id}\""));
            outcome = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, outcome.Data, default, Parameters(Other), answers), CancellationToken.None);
        }
        Assert.True(outcome.IsSuccess, outcome.ErrorMessage);
        return outcome.Data.ToArray();
    }

    /// <summary>
    /// Both interpreters on <paramref name="current"/> as current_data: AquaVM's code, and its data when accepted; its
    /// message too when <paramref name="compareMessages"/> (not where AquaVM's names addresses in its memory).
    /// </summary>
    private async Task<int> BothAsync(string air, byte[] current, bool compareMessages = false)
    {
        var invocation = new InterpreterInvocation(air, default, current, Parameters(Me), new Dictionary<uint, CallServiceResult>());
        var expected = await aquaVm.Interpreter.InvokeAsync(invocation, CancellationToken.None);
        var native = await _native.InvokeAsync(invocation, CancellationToken.None);
        Assert.True(expected.RetCode == native.RetCode && (!compareMessages || expected.ErrorMessage == native.ErrorMessage),
            $"AquaVM {expected.RetCode} '{expected.ErrorMessage}' vs native {native.RetCode} '{native.ErrorMessage}'");
        if (!expected.Data.Span.SequenceEqual(native.Data.Span))
            Assert.Equal(TestNetwork.Semantic(expected.Data).ToJsonString(), TestNetwork.Semantic(native.Data).ToJsonString());
        return (int)expected.RetCode;
    }

    // Where the archive's root is in the envelope (its last 60 bytes), and a relative pointer's target.
    private static int Root(byte[] data) => data.Length - 60;

    private static int Target(byte[] data, int at) => at + BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));

    private static void Point(byte[] data, int at, int target) => BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(at), target - at);

    // Where inner_data's bytes start: after the bin header that follows its key (AquaVM writes it last).
    private static int InnerStart(byte[] data)
    {
        byte[] key = [0xaa, .. Encoding.ASCII.GetBytes("inner_data")];
        var header = data.AsSpan().IndexOf(key) + key.Length;
        return header + data[header] switch { 0xc4 => 2, 0xc5 => 3, _ => 5 };
    }

    // An out-of-line string's target (its offset is stored little-endian, at +4).
    private static int StringTarget(byte[] data, int at) => at + BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(at + 4));

    // The tetraplet of the tetraplet store's entry i (entries of 12 bytes: key Rc<str>, value Rc<tetraplet>).
    private static int Tetraplet(byte[] data, int i) => Target(data, Target(data, Root(data) + 20) + i * 12 + 8);

    [Theory]
    // The canon element store (root + 28) is empty here: its vector points at its place in the layout and reads nothing.
    [InlineData("one byte on")]
    [InlineData("four bytes back")]
    [InlineData("four bytes on")]
    [InlineData("at the archive's start")]
    public async Task An_empty_vector_pointing_off_its_place_in_the_layout_fails_with_2(string where)
    {
        var data = await OtherAnsweredAll(TwoCalls);
        var at = Root(data) + 28;
        var target = Target(data, at);
        Point(data, at, where switch
        {
            "one byte on" => target + 1,
            "four bytes back" => target - 4,
            "four bytes on" => target + 4,
            _ => InnerStart(data),
        });

        Assert.Equal(2, await BothAsync(TwoCalls, data));
    }

    [Fact]
    public async Task A_text_pointed_at_twice_not_through_an_rc_fails_with_2()
    {
        // The second tetraplet's peer id (an out-of-line string) points at the first one's: the same text, read the same
        // by a reader that does not check the layout.
        var data = await OtherAnsweredAll(TwoCalls);
        var (first, second) = (Tetraplet(data, 0), Tetraplet(data, 1));
        var text = StringTarget(data, first);
        Assert.True(data.AsSpan(text, 52).SequenceEqual(data.AsSpan(StringTarget(data, second), 52)));
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(second + 4), text - second);

        Assert.Equal(2, await BothAsync(TwoCalls, data));
    }

    [Fact]
    public async Task A_vector_of_trace_states_one_byte_off_its_alignment_fails_with_2()
    {
        var data = await OtherAnsweredAll(TwoCalls);
        var at = Root(data);
        Point(data, at, Target(data, at) + 1);

        Assert.Equal(2, await BothAsync(TwoCalls, data));
    }

    [Theory]
    [InlineData(12, false)] // the value store's first key
    [InlineData(20, false)] // the tetraplet store's
    [InlineData(44, false)] // the service result store's
    [InlineData(12, true)]
    [InlineData(20, true)] // (the service result store's keys are the trace's CIDs, met there first)
    public async Task A_store_key_too_long_or_not_UTF8_fails_with_2_and_AquaVMs_text_naming_the_entry(int store, bool notUtf8)
    {
        var air = TwoCalls;
        var data = await OtherAnsweredAll(air);
        var altered = data.ToArray();
        var entry = Target(altered, Root(altered) + store);
        if (notUtf8)
            altered[Target(altered, entry)] = 0xff;
        else
            BinaryPrimitives.WriteUInt32BigEndian(altered.AsSpan(entry + 4), 0x8000_0000);

        Assert.Equal(2, await BothAsync(air, altered, compareMessages: true));
    }

    [Fact]
    public async Task A_trace_CID_that_is_not_UTF8_fails_with_2_and_AquaVMs_text_naming_the_state()
    {
        var air = TwoCalls;
        var data = await OtherAnsweredAll(air);
        var altered = data.ToArray();
        // The second call's CID (an executed scalar's, 12 bytes into its state).
        altered[Target(altered, Target(altered, Root(altered)) + ArchiveLayout.StateSize + 12) + 3] = 0xc0;

        Assert.Equal(2, await BothAsync(air, altered, compareMessages: true));
    }

    [Fact]
    public async Task A_request_sender_that_is_not_UTF8_fails_with_2_and_AquaVMs_text_naming_the_state()
    {
        var air = TwoCalls;
        var sent = await aquaVm.Interpreter.InvokeAsync(new InterpreterInvocation(air, default, default, Parameters(Other), new Dictionary<uint, CallServiceResult>()), CancellationToken.None);
        var altered = sent.Data.ToArray();
        // The first request's sender: an Rc<String> 12 bytes into its state, its text out of line.
        var sender = Target(altered, Target(altered, Root(altered)) + 12);
        altered[StringTarget(altered, sender) + 3] = 0xc0;

        Assert.Equal(2, await BothAsync(air, altered, compareMessages: true));
    }

    [Theory]
    [InlineData(0, 0, 0x77)] // the first state's own tag
    [InlineData(1, 0, 0x09)] // the second's
    [InlineData(1, 4, 0x80)] // its call result's tag
    [InlineData(1, 8, 0x03)] // its executed value's tag
    public async Task A_trace_state_tag_of_no_variant_fails_with_2_and_AquaVMs_text_naming_the_state(int state, int offset, byte tag)
    {
        var air = TwoCalls;
        var data = await OtherAnsweredAll(air);
        var altered = data.ToArray();
        altered[Target(altered, Root(altered)) + state * ArchiveLayout.StateSize + offset] = tag;

        Assert.Equal(2, await BothAsync(air, altered, compareMessages: true));
    }

    [Theory]
    [InlineData(0)] // the trace
    [InlineData(12)] // the value store
    [InlineData(20)] // the tetraplet store
    [InlineData(28)] // the canon element store
    [InlineData(36)] // the canon result store
    [InlineData(44)] // the service result store
    [InlineData(52)] // the signatures
    public async Task A_root_vector_longer_than_a_32_bit_address_space_fails_with_2_and_AquaVMs_layout_error(int field)
    {
        var air = TwoCalls;
        var data = await OtherAnsweredAll(air);
        var altered = data.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(altered.AsSpan(Root(altered) + field + 4), 0xF000_0000);

        Assert.Equal(2, await BothAsync(air, altered, compareMessages: true));
    }

    [Theory]
    // inner_data's key as an integer: skipped, whatever the integer; but where AquaVM reads the versions again, 0 and 1
    // name their fields (again) and a signed integer none, which fails that read too (3).
    [InlineData("02", null, 4)]
    [InlineData("2a", null, 4)]
    [InlineData("00", null, 3)]
    [InlineData("01", null, 3)]
    [InlineData("ff", null, 3)]
    [InlineData("d005", null, 3)]
    [InlineData("cc05", null, 4)]
    // inner_data's value of another type than bytes (the archive's bytes left after the map, which are not read); a str
    // and an array of bytes are taken as bytes (here too short for an archive).
    [InlineData(null, "a161", 2)]
    [InlineData(null, "9100", 2)]
    [InlineData(null, "92cd0100", 4)]
    [InlineData(null, "92a0", 4)]
    [InlineData(null, "2a", 4)]
    [InlineData(null, "ff", 4)]
    [InlineData(null, "c0", 4)]
    [InlineData(null, "c3", 4)]
    [InlineData(null, "d40100", 4)]
    public async Task The_envelope_skips_integer_keys_takes_inner_data_as_bytes_str_or_byte_array_and_fails_with_4_on_another_type(string? keyHex, string? valueHex, int code)
    {
        var air = TwoCalls;
        var data = await OtherAnsweredAll(air);
        var inner = InnerStart(data);
        byte[] key = [0xaa, .. Encoding.ASCII.GetBytes("inner_data")];
        var keyAt = data.AsSpan().IndexOf(key);
        var header = keyAt + key.Length;
        byte[] altered = keyHex is not null
            ? [.. data.AsSpan(0, keyAt), .. Convert.FromHexString(keyHex), .. data.AsSpan(header)]
            : [.. data.AsSpan(0, header), .. Convert.FromHexString(valueHex!), .. data.AsSpan(inner)];

        Assert.Equal(code, await BothAsync(air, altered));
    }

    [Fact]
    public async Task A_shared_text_pointed_at_again_with_another_length_is_read_as_it_is()
    {
        // Found by flipping a length byte: rkyv's validation checks an Rc target once, where it is first met, so another
        // pointer at it with a longer length reads bytes nothing checks, here not UTF-8. A service result's value CID is
        // the value store key's text (read before it): current_data then fails its CID check. (In prev_data, not
        // checked, AquaVM fails the value's lookup with 20010, or panics formatting the text into its message.)
        var data = await OtherAnsweredAll(TwoCalls);
        var result = Target(data, Target(data, Root(data) + 44) + 8);
        var text = Target(data, result);
        var values = Target(data, Root(data) + 12);
        Assert.Contains(text, new[] { Target(data, values), Target(data, values + 12) });
        var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(result + 4));
        while (System.Text.Unicode.Utf8.IsValid(data.AsSpan(text, length)))
            length++;
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(result + 4), length);

        Assert.Equal(8, await BothAsync(TwoCalls, data));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(45)]
    [InlineData(0)]
    public async Task A_trace_CID_whose_text_is_no_CID_fails_current_data_with_8(int length)
    {
        // Found by flipping the length of a call state's CID (a scalar's, at 12 in its state): AquaVM parses the trace's
        // CIDs before it checks the signatures, which look up what they name.
        var data = await OtherAnsweredAll(TwoCalls);
        var state = Target(data, Root(data));
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(state + 16), length);

        Assert.Equal(8, await BothAsync(TwoCalls, data));
    }
}
