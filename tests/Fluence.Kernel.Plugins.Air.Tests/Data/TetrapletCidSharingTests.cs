using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>
/// Service results hold one tetraplet CID instance where AquaVM's results each hold their own copy of its text, and
/// their argument hashes as digests: the archive still says exactly what it said (own copies written again, shared
/// ones once).
/// </summary>
public sealed class TetrapletCidSharingTests
{
    private static readonly StoredTetraplet Tetraplet = new("12D3KooWEXNUbCXooUwHrHBbrmjsrpHXoEphPwbjQXEGyzbqKnE9", "svc", "f", "");

    // Three results of one function; tetrapletCidOf(i) and argumentHashOf(i) are the CID instances result i holds.
    private static InterpreterData DataOf(CidRef tetrapletKey, Func<int, CidRef> tetrapletCidOf, Func<int, CidRef>? argumentHashOf = null)
    {
        argumentHashOf ??= i => new CidRef(AquaCid.OfJson($"[{i}]"));
        var info = new CidInfo();
        info.Tetraplets.Add(tetrapletKey, Tetraplet);
        var trace = new List<ExecutedState>();
        for (var i = 0; i < 3; i++)
        {
            var value = new RawValue(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var valueCid = new CidRef(AquaCid.OfJson(value.Json));
            info.Values.Add(valueCid, value);
            var result = new ServiceResult(valueCid, argumentHashOf(i), tetrapletCidOf(i));
            var resultCid = new CidRef(AquaCid.Of(result));
            info.ServiceResults.Add(resultCid, result);
            trace.Add(new CallState(new Executed(new ValueRef(ValueKind.Scalar, resultCid))));
        }
        return new InterpreterData { Trace = trace, CidInfo = info };
    }

    private static CidRef NewTetrapletCid() => new(AquaCid.Of(Tetraplet));

    private static List<ServiceResult> Results(InterpreterData data) => data.CidInfo.ServiceResults.Entries.Select(entry => entry.Value).ToList();

    [Fact]
    public void Results_with_their_own_copies_of_a_tetraplet_cid_decode_to_the_key_instance_and_encode_to_the_same_bytes()
    {
        // AquaVM's shape: the first result shares the store key's Rc, the others have copies of their own.
        var key = NewTetrapletCid();
        var encoded = InterpreterDataCodec.Encode(DataOf(key, i => i == 0 ? key : NewTetrapletCid()));

        var decoded = InterpreterDataCodec.Decode(encoded);

        var decodedKey = decoded.CidInfo.Tetraplets.Entries[0].Key;
        Assert.All(Results(decoded), result => Assert.Same(decodedKey, result.TetrapletCid));
        Assert.Equal([false, true, true], Results(decoded).Select(result => result.HoldsOwnTetrapletCid));
        Assert.All(Results(decoded), result => Assert.True(result.HoldsArgumentDigest));
        Assert.Equal(encoded, InterpreterDataCodec.Encode(decoded));
    }

    [Fact]
    public void Results_sharing_one_copy_of_a_tetraplet_cid_still_share_it_after_decoding_and_encode_to_the_same_bytes()
    {
        // Not what AquaVM writes, but data may say it: one copy, apart from the key, that all three results point at.
        var key = NewTetrapletCid();
        var shared = NewTetrapletCid();
        var encoded = InterpreterDataCodec.Encode(DataOf(key, _ => shared));

        var decoded = InterpreterDataCodec.Decode(encoded);

        var results = Results(decoded);
        Assert.NotSame(decoded.CidInfo.Tetraplets.Entries[0].Key, results[0].TetrapletCid);
        Assert.All(results, result => Assert.Same(results[0].TetrapletCid, result.TetrapletCid));
        Assert.All(results, result => Assert.False(result.HoldsOwnTetrapletCid));
        Assert.Equal(Tetraplet.FunctionName, Assert.IsType<StoredTetraplet>(results[0].TetrapletCid.Target).FunctionName);
        Assert.Equal(encoded, InterpreterDataCodec.Encode(decoded));
    }

    [Fact]
    public void Results_with_copies_of_their_own_made_by_an_invocation_encode_as_copies_made_one_by_one()
    {
        // An invocation's results hold the first result's instance, marked as their own (no copy object each).
        var key = NewTetrapletCid();
        var copies = InterpreterDataCodec.Encode(DataOf(key, i => i == 0 ? key : NewTetrapletCid()));
        var marked = DataOf(key, _ => key);
        foreach (var result in Results(marked).Skip(1))
            result.HoldsOwnTetrapletCid = true;

        Assert.Equal(copies, InterpreterDataCodec.Encode(marked));
    }

    [Fact]
    public void Results_sharing_one_argument_hash_still_share_it_after_decoding_and_encode_to_the_same_bytes()
    {
        // Not what AquaVM writes (every result hashes its arguments anew), but data may say it.
        var key = NewTetrapletCid();
        var argumentHash = new CidRef(AquaCid.OfJson("[]"));
        var encoded = InterpreterDataCodec.Encode(DataOf(key, i => i == 0 ? key : NewTetrapletCid(), _ => argumentHash));

        var decoded = InterpreterDataCodec.Decode(encoded);

        var results = Results(decoded);
        Assert.All(results, result => Assert.False(result.HoldsArgumentDigest));
        Assert.All(results, result => Assert.Same(results[0].ArgumentHash, result.ArgumentHash));
        Assert.Equal(argumentHash.Value, results[0].ArgumentHash.Value);
        Assert.Equal(encoded, InterpreterDataCodec.Encode(decoded));
    }

    [Fact]
    public void An_argument_hash_read_as_a_reference_encodes_as_the_digest_did()
    {
        var key = NewTetrapletCid();
        var encoded = InterpreterDataCodec.Encode(DataOf(key, i => i == 0 ? key : NewTetrapletCid()));
        var decoded = InterpreterDataCodec.Decode(encoded);

        // Reading the hash as a reference makes one of the result's own.
        Assert.All(Results(decoded), result => Assert.Equal(AquaCid.Of(result), StoreCids.Of(result).Value));

        Assert.All(Results(decoded), result => Assert.False(result.HoldsArgumentDigest));
        Assert.Equal(encoded, InterpreterDataCodec.Encode(decoded));
    }
}
