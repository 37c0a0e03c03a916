using Fluence.Kernel.Host;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Fluence.Kernel.Tests;

/// <summary>Kernel modules compose after the plugins: they see every slot, start last and stop first.</summary>
[Collection(TestPluginsCollection.Name)]
public sealed class KernelModuleTests(TestPluginsFixture plugins)
{
    private static readonly string[] AllSlotPlugins =
        ["TestPlugin.Storage", "TestPlugin.TransportA", "TestPlugin.Runtime", "TestPlugin.Interpreter"];

    private const string CompletePeer = """
        {"Peer": {"Plugins": ["transport-a", "test-interpreter", "test-runtime", "test-storage"]}, "Pipeline": {"Name": "particles"}}
        """;

    [Fact]
    public async Task A_module_starts_after_every_plugin_and_stops_before_them()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);
        var module = new RecordingModule(sandbox.DataDirectory, failOnStart: false);

        await using var peer = sandbox.Builder().AddModule(module).Build();
        await peer.StartAsync(CancellationToken.None);
        await peer.StopAsync(CancellationToken.None);

        Assert.Equal("start particles", sandbox.LifecycleEvents[4]);
        Assert.Equal("stop particles", sandbox.LifecycleEvents[5]);
        Assert.Same(peer.Services.GetRequiredService<IScheduler>(), module.Service!.Scheduler);
    }

    [Fact]
    public async Task A_failed_start_stops_what_already_started_in_reverse()
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure(CompletePeer);

        await using var peer = sandbox.Builder().AddModule(new RecordingModule(sandbox.DataDirectory, failOnStart: true)).Build();
        await Assert.ThrowsAsync<InvalidOperationException>(() => peer.StartAsync(CancellationToken.None));

        Assert.Equal(
            ["start test-storage", "start test-runtime", "start test-interpreter", "start transport-a",
             "stop transport-a", "stop test-interpreter", "stop test-runtime", "stop test-storage"],
            sandbox.LifecycleEvents);
    }

    private sealed class RecordingModule(string dataDir, bool failOnStart) : IKernelModule
    {
        public string Name => "recording";
        public ModuleService? Service { get; private set; }

        public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
            services.AddSingleton(sp => Service = new ModuleService(dataDir, configuration["Pipeline:Name"]!, failOnStart, sp.GetRequiredService<IScheduler>()));
    }

    private sealed class ModuleService(string dataDir, string name, bool failOnStart, IScheduler scheduler) : IPeerLifecycle
    {
        public IScheduler Scheduler => scheduler;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (failOnStart)
                throw new InvalidOperationException("module start failed");
            return File.AppendAllTextAsync(Path.Combine(dataDir, PeerSandbox.LifecycleLog), $"start {name}\n", cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) =>
            File.AppendAllTextAsync(Path.Combine(dataDir, PeerSandbox.LifecycleLog), $"stop {name}\n", cancellationToken);
    }
}
