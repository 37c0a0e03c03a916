namespace Fluence.Kernel.AirScenarios.Tests;

public sealed class AirScenarioTests
{
    [Fact]
    public void A_minimal_scenario_gets_the_oracles_defaults()
    {
        var scenario = AirScenario.Parse("""{"air": "(null)", "peers": ["client", "A"]}""");

        Assert.Equal("client", scenario.Init);
        Assert.Equal("particle-1", scenario.ParticleId);
        Assert.Equal(1_700_000_000_000UL, scenario.Timestamp);
        Assert.Equal(120_000U, scenario.Ttl);
        Assert.False(scenario.SplitCallResults);
        Assert.Null(scenario.Expect);
        Assert.Null(scenario.Delivery);
    }

    [Fact]
    public void Every_field_is_read()
    {
        var scenario = AirScenario.Parse("""
            {"air": "(null)", "peers": ["client", "A"], "init": "A", "particleId": "p", "timestamp": 5, "ttl": 7,
             "splitCallResults": true, "storeDataOnError": false, "services": {"a.b": "noop"}, "expect": {"results": [1]},
             "delivery": {"seed": 9}}
            """);

        Assert.Equal(("A", "p", 5UL, 7U, true, false), (scenario.Init, scenario.ParticleId, scenario.Timestamp, scenario.Ttl, scenario.SplitCallResults, scenario.StoreDataOnError));
        Assert.IsType<NoopSpec>(scenario.Services.Entries["a.b"]);
        Assert.Equal("[1]", scenario.Expect!.Results!.ToJsonString());
        Assert.Equal(new ScenarioDelivery(9), scenario.Delivery);
    }

    [Theory]
    [InlineData("""{"peers": ["a"]}""", "the scenario has no 'air' script")]
    [InlineData("""{"air": "(null)", "peers": []}""", "'peers' must be a non-empty array of peer names")]
    [InlineData("""{"air": "(null)", "peers": ["a", "a"]}""", "peer 'a' is listed twice")]
    [InlineData("""{"air": "(null)", "peers": ["a b"]}""", "peer name \"a b\" must be a non-empty word")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "init": "b"}""", "'init' names 'b', which is not one of the peers (a)")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "tll": 5}""", "unknown scenario field 'tll'")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "ttl": -1}""", "'ttl' must be a non-negative integer")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "delivery": 3}""", "'delivery' must be an object")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "delivery": {"seed": "x"}}""", "'delivery' needs an integer 'seed'")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "delivery": {"seed": 1, "order": []}}""", "unknown delivery field 'order'")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "services": {"x.y": "echoo"}}""", "services[\"x.y\"]: unknown service spec \"echoo\"")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "services": {"x.y": {"js": "() => 1"}}}""", "need a JavaScript engine")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "services": {"x.y": {"sequence": []}}}""", "'sequence' must be a non-empty array of specs")]
    [InlineData("""{"air": "(null)", "peers": ["a"], "expect": {"steps": 3}}""", "unknown expectation 'steps'")]
    [InlineData("""{"air": "(null)", "peers": ["a"],""", "the scenario is not valid JSON")]
    public void An_invalid_scenario_is_rejected_with_what_is_wrong(string json, string message)
    {
        var error = Assert.Throws<AirScenarioException>(() => AirScenario.Parse(json));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Placeholders_become_peer_ids_and_an_unknown_one_is_named()
    {
        var ids = new Dictionary<string, string> { ["A"] = "12D3A", ["client"] = "12D3C" };

        Assert.Equal("(call \"12D3A\" (\"s\" \"f\") [\"12D3C\"])", ScenarioRunner.SubstitutePeers("(call \"{{A}}\" (\"s\" \"f\") [\"{{client}}\"])", ids));
        var error = Assert.Throws<AirScenarioException>(() => ScenarioRunner.SubstitutePeers("{{B}}", ids));
        Assert.Contains("the script names peer '{{B}}', which is not one of the peers (A, client)", error.Message);
    }

    [Fact]
    public void Peer_identities_are_the_oracles()
    {
        using var client = ScenarioPeer.Create("client");
        using var a = ScenarioPeer.Create("A");

        // The ids the Node oracle derives from sha256("aquavm-oracle:" + name).
        Assert.Equal("12D3KooWHGtC6x9SNLpcNnp7jHGKdDkf4G4n6JUy7khvL84UBkYr", client.PeerId);
        Assert.Equal("12D3KooWEuphvjYddqGCcg8SSYtxoMJwP7brP7UfXsvYf82sYoRk", a.PeerId);
    }
}
