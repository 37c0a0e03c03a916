using CsCheck;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>CIDs the archive repeats (each place its own copy) decode to their own texts, however alike they are.</summary>
public sealed class ArchiveCidDecodingTests
{
    [Fact]
    public void Repeated_cids_and_cids_differing_in_one_inner_digit_decode_each_to_its_own_text()
    {
        // The variants share their last digits with the original (what the reader's recent-CID table is indexed by).
        Gen.Select(Gen.Byte.Array[AquaCid.DigestLength], Gen.Int[0, AquaCid.DigestLength - 4], Gen.Int[0, 40]).Sample((digest, at, seed) =>
        {
            var variant = (byte[])digest.Clone();
            variant[at] ^= 0x10;
            var texts = new[] { CidRef.OfDigest(digest).Value, CidRef.OfDigest(variant).Value, "not a cid", CidRef.OfDigest(digest).Value[..^1] + "!" };
            var order = Enumerable.Range(0, 24).Select(i => texts[(i * 7 + seed) % 5 % texts.Length]).ToList();
            var data = new InterpreterData
            {
                Trace = order.Select(text => (ExecutedState)new CallState(new Executed(new ValueRef(ValueKind.Unused, new CidRef(text))))).ToList(),
            };
            var decoded = InterpreterDataCodec.Decode(InterpreterDataCodec.Encode(data));
            Assert.Equal(order, decoded.Trace.Select(state => ((Executed)((CallState)state).Result).Value.Cid.Value));
            Assert.Equal(order.Select(text => new CidRef(text).IsCanonical), decoded.Trace.Select(state => ((Executed)((CallState)state).Result).Value.Cid.IsCanonical));
        }, iter: 300);
    }
}
