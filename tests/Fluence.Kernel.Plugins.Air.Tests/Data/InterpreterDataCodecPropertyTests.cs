using CsCheck;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

public sealed class InterpreterDataCodecPropertyTests
{
    private static readonly byte[] Sample = InterpreterDataCodec.Encode(SampleData());

    private static void DecodeOrFailCleanly(byte[] bytes)
    {
        try
        {
            InterpreterDataCodec.Decode(bytes);
        }
        catch (InterpreterDataException e)
        {
            Assert.InRange(e.ErrorCode, 2, 6);
        }
    }

    [Fact]
    public void Decoding_random_bytes_raises_only_the_data_error()
    {
        Gen.Byte.Array[0, 600].Sample(DecodeOrFailCleanly, iter: 20_000);
    }

    [Fact]
    public void Decoding_a_valid_envelope_around_a_random_archive_raises_only_the_data_error()
    {
        Gen.Byte.Array[0, 600].Sample(inner =>
        {
            var data = Wrap(inner);
            DecodeOrFailCleanly(data);
        }, iter: 20_000);
    }

    [Fact]
    public void Decoding_valid_data_with_random_corruptions_raises_only_the_data_error()
    {
        Gen.Select(Gen.Int[0, Sample.Length - 1].Array[1, 8], Gen.Byte.Array[8]).Sample((positions, values) =>
        {
            var corrupted = (byte[])Sample.Clone();
            for (var i = 0; i < positions.Length; i++)
                corrupted[positions[i]] = values[i];
            DecodeOrFailCleanly(corrupted);
        }, iter: 20_000);
    }

    [Fact]
    public void Decoding_truncated_data_raises_only_the_data_error()
    {
        for (var length = 0; length < Sample.Length; length++)
            DecodeOrFailCleanly(Sample[..length]);
    }

    [Fact]
    public void Data_from_an_interpreter_older_than_0_61_is_refused_with_code_6()
    {
        var data = SampleData();
        data.InterpreterVersion = "0.60.9";

        var error = Assert.Throws<InterpreterDataException>(() => InterpreterDataCodec.Decode(InterpreterDataCodec.Encode(data)));

        Assert.Equal(InterpreterDataException.UnsupportedInterpreterVersion, error.ErrorCode);
    }

    [Fact]
    public void Empty_input_is_empty_data()
    {
        var data = InterpreterDataCodec.Decode(ReadOnlyMemory<byte>.Empty);

        Assert.Empty(data.Trace);
        Assert.Equal(InterpreterData.CurrentInterpreterVersion, data.InterpreterVersion);
    }

    [Fact]
    public void A_model_built_by_hand_round_trips_with_shared_references_kept_shared()
    {
        var decoded = InterpreterDataCodec.Decode(Sample);

        Assert.Equal(Sample, InterpreterDataCodec.Encode(decoded));
        var call = Assert.IsType<CallState>(decoded.Trace[1]);
        var executed = Assert.IsType<Executed>(call.Result);
        Assert.Same(decoded.CidInfo.ServiceResults.Entries[0].Key, executed.Value.Cid);
    }

    private static byte[] Wrap(byte[] inner)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        writer.WriteMapHeader(3);
        writer.Write("version");
        writer.Write("0.17.2");
        writer.Write("interpreter_version");
        writer.Write("0.62.0");
        writer.Write("inner_data");
        writer.Write(inner);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    // A small model exercising every state kind and store, with one CID shared between a store key and the trace.
    private static InterpreterData SampleData()
    {
        var peer = new PeerRef("12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr");
        var value = new CidRef(AquaCid.OfJson("42"));
        var tetraplet = new StoredTetraplet(peer.Value, "svc", "fn", "");
        var tetrapletCid = new CidRef(AquaCid.Of(tetraplet));
        var result = new ServiceResult(value, new CidRef(AquaCid.OfJson("[]")), tetrapletCid);
        var resultCid = new CidRef(AquaCid.Of(result));
        var element = new CanonElement(value, tetrapletCid, new Provenance(ProvenanceKind.ServiceResult, resultCid));
        var elementCid = new CidRef(AquaCid.Of(element));
        var canon = new CanonResultValue(tetrapletCid, [elementCid]);
        var canonCid = new CidRef(AquaCid.Of(canon));
        var data = new InterpreterData
        {
            Trace =
            [
                new ParState(1, 0),
                new CallState(new Executed(new ValueRef(ValueKind.Stream, resultCid, 3))),
                new CallState(new RequestSentBy(new Sender(peer, 7))),
                new CallState(new RequestSentBy(new Sender(new PeerRef("short"), null))),
                new FoldState([new FoldLore(1, [new SubTraceDescriptor(5, 1), new SubTraceDescriptor(6, 0)])]),
                new ApState([0]),
                new CanonState(new CanonExecuted(canonCid)),
                new CanonState(new CanonRequestSentBy(peer)),
                new CallState(new Failed(resultCid)),
                new CallState(new Executed(new ValueRef(ValueKind.Unused, value))),
            ],
            LastCallRequestId = 7,
            Signatures = [new PeerSignature([0, .. new byte[32]], [0, .. new byte[64]])],
        };
        data.CidInfo.Values.Add(value, new RawValue("42"));
        data.CidInfo.Tetraplets.Add(tetrapletCid, tetraplet);
        data.CidInfo.ServiceResults.Add(resultCid, result);
        data.CidInfo.CanonElements.Add(elementCid, element);
        data.CidInfo.CanonResults.Add(canonCid, canon);
        return data;
    }
}
