using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Tests.Oracle;

namespace Fluence.Kernel.Plugins.Air.Tests.Data;

/// <summary>The codec on real AquaVM 0.62 data: every blob produced while running each scenario on the oracle.</summary>
[Collection(OracleCollection.Name)]
public sealed class InterpreterDataCodecTests(AquaVmOracle oracle)
{
    private const string ParticleId = "particle-1";

    private List<byte[]> Produced(string scenario)
    {
        var run = oracle.Run(OracleScenarios.Scenario(scenario));
        Assert.All(run.Steps, s => Assert.Equal(0, s["retCode"]!.GetValue<int>()));
        var data = run.ProducedData.ToList();
        Assert.NotEmpty(data);
        return data;
    }

    [Theory]
    [MemberData(nameof(OracleScenarios.Names), MemberType = typeof(OracleScenarios))]
    public void Real_AquaVM_data_decodes_and_encodes_back_to_the_same_bytes(string scenario)
    {
        foreach (var bytes in Produced(scenario))
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(InterpreterDataCodec.Encode(InterpreterDataCodec.Decode(bytes))));
    }

    [Theory]
    [MemberData(nameof(OracleScenarios.Names), MemberType = typeof(OracleScenarios))]
    public void Decoded_data_has_the_same_semantic_form_as_AquaVM_reports(string scenario)
    {
        foreach (var bytes in Produced(scenario))
        {
            var expected = oracle.DecodeData(bytes);
            var actual = InterpreterDataJson.ToHumanReadable(InterpreterDataCodec.Decode(bytes));
            Assert.True(JsonNode.DeepEquals(expected, actual), $"semantic form differs:\nAquaVM: {expected.ToJsonString()}\nours:   {actual.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(OracleScenarios.Names), MemberType = typeof(OracleScenarios))]
    public void Every_CID_in_every_store_is_recomputed_from_its_content(string scenario)
    {
        foreach (var bytes in Produced(scenario))
        {
            var info = InterpreterDataCodec.Decode(bytes).CidInfo;
            Assert.All(info.Values.Entries, e => Assert.Equal(e.Key.Value, AquaCid.OfJson(e.Value.Json)));
            Assert.All(info.Tetraplets.Entries, e => Assert.Equal(e.Key.Value, AquaCid.Of(e.Value)));
            Assert.All(info.ServiceResults.Entries, e => Assert.Equal(e.Key.Value, AquaCid.Of(e.Value)));
            Assert.All(info.CanonElements.Entries, e => Assert.Equal(e.Key.Value, AquaCid.Of(e.Value)));
            Assert.All(info.CanonResults.Entries, e => Assert.Equal(e.Key.Value, AquaCid.Of(e.Value)));
        }
    }

    [Theory]
    [MemberData(nameof(OracleScenarios.Names), MemberType = typeof(OracleScenarios))]
    public void Every_peer_signature_verifies_over_the_CIDs_that_peer_produced(string scenario)
    {
        foreach (var bytes in Produced(scenario))
        {
            var data = InterpreterDataCodec.Decode(bytes);
            var cidsByPeer = DataSignatures.CidsByPeer(data);
            var signed = new HashSet<string>();
            foreach (var signature in data.Signatures)
            {
                Assert.True(signature.PublicKey.Length == 33 && signature.Signature.Length == 65);
                var peerText = Fluence.Kernel.Identity.PeerId.FromPublicKey(signature.PublicKey.AsSpan(1)).ToString();
                var cids = cidsByPeer.TryGetValue(peerText, out var list) ? list : [];
                Assert.True(DataSignatures.Verify(signature, cids, ParticleId, out _), $"signature of {peerText} does not verify over {cids.Count} CIDs");
                signed.Add(peerText);
            }
            Assert.All(cidsByPeer.Keys, peer => Assert.Contains(peer, signed));
        }
    }

    [Fact]
    public void A_tampered_CID_list_fails_signature_verification()
    {
        var data = InterpreterDataCodec.Decode(Produced("calls-par-canon-xor").Last());
        var (peer, cids) = DataSignatures.CidsByPeer(data).First(p => p.Value.Count > 0);
        var signature = data.Signatures.Single(s => Fluence.Kernel.Identity.PeerId.FromPublicKey(s.PublicKey.AsSpan(1)).ToString() == peer);

        Assert.False(DataSignatures.Verify(signature, cids.Skip(1).ToList(), ParticleId, out _));
        Assert.False(DataSignatures.Verify(signature, cids, "another-particle", out _));
    }

    [Theory]
    [InlineData("client")]
    [InlineData("A")]
    public void Data_we_encode_in_another_layout_is_accepted_by_AquaVM_as_prev_and_as_current_data(string peer)
    {
        var run = oracle.Run(OracleScenarios.Scenario("calls-par-canon-xor"));
        var original = Convert.FromBase64String(run.Json["finalData"]!["client"]!.GetValue<string>());
        var data = InterpreterDataCodec.Decode(original);
        // Same content, different bytes: stores and signatures in reverse order.
        data.CidInfo.Values.Entries.Reverse();
        data.CidInfo.Tetraplets.Entries.Reverse();
        data.CidInfo.ServiceResults.Entries.Reverse();
        data.Signatures.Reverse();
        var ours = InterpreterDataCodec.Encode(data);
        Assert.NotEqual(original, ours);
        var air = run.Json["air"]!.GetValue<string>();

        foreach (var (prev, current) in new[] { (ours, Array.Empty<byte>()), (Array.Empty<byte>(), ours) })
        {
            var expected = prev.Length > 0 ? oracle.Invoke(air, peer, "client", original, []) : oracle.Invoke(air, peer, "client", [], original);
            var actual = oracle.Invoke(air, peer, "client", prev, current);

            Assert.Equal(0, actual["retCode"]!.GetValue<int>());
            Assert.True(JsonNode.DeepEquals(
                oracle.DecodeData(Convert.FromBase64String(expected["data"]!.GetValue<string>())),
                oracle.DecodeData(Convert.FromBase64String(actual["data"]!.GetValue<string>()))));
        }
    }

    [Fact]
    public void AquaVM_rejects_our_encoding_of_data_whose_CID_we_corrupted()
    {
        var run = oracle.Run(OracleScenarios.Scenario("calls-par-canon-xor"));
        var data = InterpreterDataCodec.Decode(Convert.FromBase64String(run.Json["finalData"]!["client"]!.GetValue<string>()));
        var (key, value) = data.CidInfo.Values.Entries[0];
        data.CidInfo.Values.Entries[0] = KeyValuePair.Create(key, new RawValue(value.Json == "1" ? "2" : "1"));

        var outcome = oracle.Invoke(run.Json["air"]!.GetValue<string>(), "A", "client", [], InterpreterDataCodec.Encode(data));

        Assert.Equal(8, outcome["retCode"]!.GetValue<int>());
    }
}
