using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Syntax;

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

    private static void AssertSame(JsonObject expected, JsonObject actual, string what)
    {
        if (JsonNode.DeepEquals(expected, actual))
            return;
        var options = new JsonSerializerOptions { WriteIndented = true };
        var e = expected.ToJsonString(options).Split('\n');
        var a = actual.ToJsonString(options).Split('\n');
        var line = 0;
        while (line < Math.Min(e.Length, a.Length) && e[line] == a[line])
            line++;
        var context = string.Join('\n', e.Skip(Math.Max(0, line - 15)).Take(30));
        var got = string.Join('\n', a.Skip(Math.Max(0, line - 15)).Take(30));
        Assert.Fail($"{what} differs from AquaVM at line {line}:\n--- AquaVM ---\n{context}\n--- {what} ---\n{got}");
    }
}
