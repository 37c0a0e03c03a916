using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.AquaVm.Marshalling;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

public sealed class OutcomeDecoderTests
{
    [Fact]
    public void The_outcome_record_decodes_field_by_field()
    {
        var record = new ItValue.Record(
        [
            new ItValue.Signed(ItTypeKind.S64, 10003),
            new ItValue.Text("variable not found"),
            new ItValue.Bytes(new byte[] { 1, 2, 3 }),
            new ItValue.Array([new ItValue.Text("12D3KooWA"), new ItValue.Text("12D3KooWB")]),
            new ItValue.Bytes(Convert.FromHexString("810480")),
            new ItValue.Boolean(false),
            new ItValue.Boolean(true),
            new ItValue.Boolean(false),
        ]);

        var outcome = OutcomeDecoder.Decode([record]);

        Assert.Equal(10003, outcome.RetCode);
        Assert.False(outcome.IsSuccess);
        Assert.Equal("variable not found", outcome.ErrorMessage);
        Assert.Equal(new byte[] { 1, 2, 3 }, outcome.Data.ToArray());
        Assert.Equal(["12D3KooWA", "12D3KooWB"], outcome.NextPeerPks);
        Assert.Empty(outcome.CallRequests);
        Assert.False(outcome.AirSizeLimitExceeded);
        Assert.True(outcome.ParticleSizeLimitExceeded);
        Assert.False(outcome.CallResultSizeLimitExceeded);
    }

    [Fact]
    public void Byte_vectors_given_as_arrays_of_u8_are_accepted()
    {
        var record = new ItValue.Record(
        [
            new ItValue.Signed(ItTypeKind.S64, 0),
            new ItValue.Text(""),
            new ItValue.Array([new ItValue.Unsigned(ItTypeKind.U8, 9)]),
            new ItValue.Array([]),
            new ItValue.Array([]),
            new ItValue.Boolean(false),
            new ItValue.Boolean(false),
            new ItValue.Boolean(false),
        ]);

        var outcome = OutcomeDecoder.Decode([record]);

        Assert.Equal(new byte[] { 9 }, outcome.Data.ToArray());
        Assert.Empty(outcome.CallRequests);
    }

    [Fact]
    public void A_result_that_is_not_the_outcome_record_fails_with_a_clear_error()
    {
        var ex = Assert.Throws<FormatException>(() => OutcomeDecoder.Decode([new ItValue.Text("x")]));
        Assert.Contains("InterpreterOutcome", ex.Message);
        var short_ = Assert.Throws<FormatException>(() => OutcomeDecoder.Decode([new ItValue.Record([new ItValue.Text("x")])]));
        Assert.Contains("8", short_.Message);
    }

    [Fact]
    public void Run_parameters_follow_the_field_order_of_the_wasm_record()
    {
        var p = new RunParameters("init", "current", 1_700_000_000_000, 30_000, 0, new byte[32], "particle-1", 1, 2, 3, true);

        var record = InvokeArguments.RunParameters(p);

        Assert.Collection(record.Fields,
            f => Assert.Equal(new ItValue.Text("init"), f),
            f => Assert.Equal(new ItValue.Text("current"), f),
            f => Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, 1_700_000_000_000), f),
            f => Assert.Equal(new ItValue.Unsigned(ItTypeKind.U32, 30_000), f),
            f => Assert.Equal(new ItValue.Unsigned(ItTypeKind.U8, 0), f),
            f => Assert.Equal(32, Assert.IsType<ItValue.Bytes>(f).Value.Length),
            f => Assert.Equal(new ItValue.Text("particle-1"), f),
            f => Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, 1), f),
            f => Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, 2), f),
            f => Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, 3), f),
            f => Assert.Equal(new ItValue.Boolean(true), f));
    }

    [Fact]
    public void Run_parameters_with_the_default_limits_carry_those_limits()
    {
        var p = new RunParameters("init", "current", 1, 2, 0, new byte[32], "particle-1");

        var fields = InvokeArguments.RunParameters(p).Fields;

        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U8, 0), fields[4]);
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, RunParameters.DefaultAirSizeLimit), fields[7]);
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, RunParameters.DefaultParticleSizeLimit), fields[8]);
        Assert.Equal(new ItValue.Unsigned(ItTypeKind.U64, RunParameters.DefaultCallResultSizeLimit), fields[9]);
        Assert.Equal(new ItValue.Boolean(false), fields[10]);
    }

    [Fact]
    public void Invoke_takes_air_prev_data_current_data_parameters_and_prefixed_call_results()
    {
        var invocation = new InterpreterInvocation("(null)", new byte[] { 1 }, new byte[] { 2, 3 },
            new RunParameters("a", "b", 0, 0, 0, new byte[32], "id"), new Dictionary<uint, CallServiceResult>());

        var args = InvokeArguments.Build(invocation);

        Assert.Equal(5, args.Count);
        Assert.Equal(new ItValue.Text("(null)"), args[0]);
        Assert.Equal(new byte[] { 1 }, Assert.IsType<ItValue.Bytes>(args[1]).Value.ToArray());
        Assert.Equal(new byte[] { 2, 3 }, Assert.IsType<ItValue.Bytes>(args[2]).Value.ToArray());
        Assert.Equal(11, Assert.IsType<ItValue.Record>(args[3]).Fields.Count);
        Assert.Equal("810480", Convert.ToHexString(Assert.IsType<ItValue.Bytes>(args[4]).Value.Span));
    }
}
