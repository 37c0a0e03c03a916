using System.Text.Json.Nodes;
using Fluence.Cli.Commands;
using Fluence.Kernel.Host;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Cli.Tests;

/// <summary><c>fluence peer start</c> with no configuration: a real peer on the embedded defaults and every kernel module.</summary>
[Collection(CliCollection.Name)]
public sealed class PeerStartCommandTests
{
    [Fact]
    public async Task Peer_start_without_configuration_runs_on_the_embedded_defaults_and_stops_cleanly()
    {
        using var directory = new TempDirectory("fluence-cli");
        var (output, error) = (new StringWriter(), new StringWriter());
        using var stop = new CancellationTokenSource();

        var run = PeerStartCommand.RunAsync(null, [$"--Peer:DataDir={directory.Combine("data")}"], output, error, stop.Token);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            while (!output.ToString().Contains("Running;", StringComparison.Ordinal) && !run.IsCompleted)
                await Task.Delay(50, timeout.Token);
        }
        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(exit == ExitCodes.Success, error.ToString());
        var text = output.ToString();
        Assert.Matches(@"Peer id: 12D3KooW\w+", text);
        Assert.Matches(@"Listen addresses:\s+/p2p/12D3KooW", text);
        Assert.Matches(@"transport\s+loopback 1\.0\.0 — embedded default", text);
        Assert.Matches(@"runtime\s+wasmtime 1\.0\.0 — embedded default", text);
        Assert.Matches(@"interpreter\s+native-air 1\.0\.0 — embedded default", text);
        Assert.Matches(@"storage\s+local-store 1\.0\.0 — embedded default", text);
        Assert.Matches(@"scheduler\s+scheduler 1\.0\.0 — embedded default", text);
        Assert.Contains("Peer stopped.", text);
    }

    [Fact]
    public async Task An_invalid_kernel_module_option_is_a_configuration_error_naming_the_key()
    {
        using var directory = new TempDirectory("fluence-cli");
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await PeerStartCommand.RunAsync(null, [$"--Peer:DataDir={directory.Combine("data")}", "--Workers:ManagementPeerId=not-a-peer-id"],
            output, error, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(ExitCodes.ConfigurationError, exit);
        Assert.Contains("Workers:ManagementPeerId is not a valid peer id", error.ToString());
        Assert.DoesNotContain("Running;", output.ToString());
    }

    [Fact]
    public async Task The_composed_peer_serves_particles_with_builtins_app_services_and_workers_wired_in()
    {
        using var directory = new TempDirectory("fluence-cli");
        var network = $"test-{Guid.NewGuid():N}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Peer:DataDir"] = directory.Combine("peer"),
            ["Loopback:Network"] = network,
        }).Build();
        var builder = new PeerHostBuilder(configuration, directory.Path).AddDistributionPlugins()
            .ConfigureLogging(_ => { });
        foreach (var module in KernelModules.Create())
            builder.AddModule(module);
        await using var peer = builder.Build();
        await peer.StartAsync(CancellationToken.None);

        // The glue: spells answer the app-service step first and hand the rest to the app services; removing a
        // worker reaches the services layer.
        Assert.Equal("SpellServiceCalls", peer.Services.GetRequiredService<IAppServiceCalls>().GetType().Name);
        Assert.Contains(peer.Services.GetServices<IWorkerRemovalHook>(), h => h.GetType().Name == "AppServiceScopeRemoval");
        Assert.Equal("PipelineScopes", peer.Services.GetRequiredService<IPeerScopes>().GetType().Name);

        using var key = KeyPair.Generate();
        await using var transport = new LoopbackTransport(Options.Create(new LoopbackOptions { Network = network }),
            new InProcessPeerEnvironment(key, directory.Combine("client")), NullLogger<LoopbackTransport>.Instance);
        await transport.StartAsync(CancellationToken.None);
        await using (var client = new ParticleClient(key, transport, peer.Environment.HostId, peer.Services.GetRequiredService<IAirInterpreter>(), directory.Combine("client")))
        {
            var hello = await client.ExecuteAsync(File.ReadAllText(Path.Combine(RepoPaths.Root, "kernel", "Fluence.Cli", "samples", "hello.air")));
            Assert.Equal($"hello from {peer.Environment.HostId}", hello!.GetValue<string>());

            // srv.list answers from the services layer (an empty list on a fresh peer).
            var services = await client.ExecuteAsync(ServiceListScript);
            Assert.Equal(new JsonArray().ToJsonString(), services!.ToJsonString());
        }
        await peer.StopAsync(CancellationToken.None);
    }

    private const string ServiceListScript = """
        (xor
         (seq
          (seq
           (call %init_peer_id% ("getDataSrv" "-relay-") [] -relay-)
           (call -relay- ("srv" "list") [] services)
          )
          (call %init_peer_id% ("callbackSrv" "response") [services])
         )
         (call %init_peer_id% ("errorHandlingSrv" "error") [:error: 0])
        )
        """;
}
