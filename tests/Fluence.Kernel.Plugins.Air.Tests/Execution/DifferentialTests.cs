using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.Air.Tests.Data;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>
/// Every script of <see cref="DifferentialScripts"/> runs through the same three-peer network on the real AquaVM, on the
/// native interpreter, and on two mixed networks (native and AquaVM peers alternating, both ways). Steps (ret codes,
/// next peers, call requests with tetraplets), captured results and every peer's final data in semantic form must be
/// identical; signatures are Ed25519 over the same CIDs with the same keys, so they are identical too.
/// </summary>
public sealed class DifferentialTests(InProcessAquaVm aquaVm) : IClassFixture<InProcessAquaVm>
{
    private static readonly string[] Peers = ["client", "A", "B"];
    private readonly IAirInterpreter _native = new NativeAirInterpreter(new AirParseCache());

    [Theory]
    [MemberData(nameof(DifferentialScripts.Names), MemberType = typeof(DifferentialScripts))]
    public async Task Native_gives_what_AquaVM_gives(string name)
    {
        var script = DifferentialScripts.All[name];
        var expected = await new TestNetwork(Peers, _ => aquaVm.Interpreter).RunAsync(script);
        var actual = await new TestNetwork(Peers, _ => _native).RunAsync(script);

        AssertSame(expected, actual, "native");
    }

    [Theory]
    [MemberData(nameof(DifferentialScripts.Names), MemberType = typeof(DifferentialScripts))]
    public async Task Mixed_networks_give_what_AquaVM_gives(string name)
    {
        var script = DifferentialScripts.All[name];
        var expected = await new TestNetwork(Peers, _ => aquaVm.Interpreter).RunAsync(script);
        var nativeClient = await new TestNetwork(Peers, p => p == "A" ? aquaVm.Interpreter : _native).RunAsync(script);
        var aquaVmClient = await new TestNetwork(Peers, p => p == "A" ? _native : aquaVm.Interpreter).RunAsync(script);

        AssertSame(expected, nativeClient, "client and B native, A AquaVM");
        AssertSame(expected, aquaVmClient, "client and B AquaVM, A native");
    }

    /// <summary>The oracle's scenarios (aquavm.md §6), answered by this network's service table.</summary>
    [Theory]
    [MemberData(nameof(OracleScenarios.Names), MemberType = typeof(OracleScenarios))]
    public async Task Oracle_scenarios_give_what_AquaVM_gives(string name)
    {
        var scenario = OracleScenarios.Scenario(name);
        var script = scenario["air"]!.GetValue<string>();
        var expected = await new TestNetwork(Peers, _ => aquaVm.Interpreter).RunAsync(script);
        var native = await new TestNetwork(Peers, _ => _native).RunAsync(script);
        var mixed = await new TestNetwork(Peers, p => p == "A" ? aquaVm.Interpreter : _native).RunAsync(script);

        AssertSame(expected, native, "native");
        AssertSame(expected, mixed, "client and B native, A AquaVM");
        Assert.NotEmpty(expected["results"]!.AsArray());
    }

    private static void AssertSame(JsonObject expected, JsonObject actual, string what)
    {
        if (JsonNode.DeepEquals(expected, actual))
            return;
        var differences = new List<string>();
        Differences(expected, actual, "$", differences);
        Assert.Fail($"{what} differs from AquaVM:\n" + string.Join('\n', differences.Take(12)));
    }

    /// <summary>The paths where two JSON trees differ, with both values (compact), for a readable failure.</summary>
    private static void Differences(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                    Differences(e[key], a[key], path + "." + key, differences);
                return;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                    Differences(e[i], a[i], $"{path}[{i}]", differences);
                return;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                    differences.Add($"{path}: AquaVM {Text(expected)} | native {Text(actual)}");
                return;
        }
    }

    private static string Text(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length > 600 ? text[..600] + "…" : text;
    }
}
