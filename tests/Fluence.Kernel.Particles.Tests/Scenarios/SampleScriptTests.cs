using System.Text.Json.Nodes;
using Fluence.Kernel.Particles.Tests.TestDoubles;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Particles.Tests.Scenarios;

/// <summary>The CLI's sample scripts (kernel/Fluence.Cli/samples) run on a three-peer network with the real AquaVM.</summary>
[Collection(AquaVmCollection.Name)]
public sealed class SampleScriptTests(AquaVmFixture aquaVm)
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "kernel", "Fluence.Cli", "samples", name));

    private static async Task<(TestNetwork Network, Client.ParticleClient Client, Dictionary<string, JsonNode?> Data)> StartAsync(AquaVmFixture aquaVm)
    {
        var network = await TestNetwork.StartAsync(3, _ => aquaVm.Share());
        var client = await network.ConnectClientAsync(0, aquaVm.Share());
        var data = new Dictionary<string, JsonNode?>
        {
            ["peers"] = new JsonArray(network[1].PeerId.ToString(), network[2].PeerId.ToString()),
        };
        return (network, client, data);
    }

    [Fact]
    public async Task Hello_greets_from_the_relay()
    {
        var (network, client, data) = await StartAsync(aquaVm);
        await using var _ = network;

        var result = await client.ExecuteAsync(Sample("hello.air"), data);

        Assert.Equal($"hello from {network[0].PeerId}", result!.GetValue<string>());
    }

    [Fact]
    public async Task Greet_all_collects_a_greeting_from_every_other_peer()
    {
        var (network, client, data) = await StartAsync(aquaVm);
        await using var _ = network;

        var result = await client.ExecuteAsync(Sample("greet-all.air"), data);

        Assert.Equal(new[] { network[1].PeerId, network[2].PeerId }.Select(p => $"hello from {p}").Order(),
            result!.AsArray().Select(v => v!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Chain_passes_through_both_peers_and_back()
    {
        var (network, client, data) = await StartAsync(aquaVm);
        await using var _ = network;

        var result = await client.ExecuteAsync(Sample("chain.air"), data);

        Assert.Equal($"relay -> {network[1].PeerId} -> {network[2].PeerId} -> relay", result!.GetValue<string>());
    }
}
