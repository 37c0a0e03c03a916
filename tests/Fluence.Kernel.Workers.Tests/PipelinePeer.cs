using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// A whole peer as it runs: the particle pipeline on the loopback transport, the real AquaVM, the scheduler plugin,
/// workers and spells — everything on one <see cref="FakeTimeProvider"/>, so spell particles, their expiry and the
/// reaper all follow simulated time. A new one on the same directory and key is a restart.
/// </summary>
internal sealed class PipelinePeer : IAsyncDisposable
{
    private PipelinePeer(InProcessPeer peer, FakeTimeProvider time, RecentLogs logs)
    {
        Peer = peer;
        Time = time;
        Logs = logs;
    }

    public RecentLogs Logs { get; }

    public InProcessPeer Peer { get; }
    public FakeTimeProvider Time { get; }
    public PeerId HostId => Peer.PeerId;
    public IServiceProvider Services => Peer.Services;
    public Sorcerer Sorcerer => Services.GetRequiredService<Sorcerer>();
    public SpellStorage Storage => Services.GetRequiredService<SpellStorage>();
    public WorkerRegistry Workers => Services.GetRequiredService<WorkerRegistry>();
    public IParticlePlumber Plumber => Peer.Plumber;

    public static async Task<PipelinePeer> StartAsync(KeyPair hostKey, string directory, FakeTimeProvider time, IAirInterpreter interpreter,
        Action<IServiceCollection>? extra = null)
    {
        var logs = new RecentLogs();
        var peer = await InProcessPeer.StartAsync(hostKey, directory, services =>
        {
            services.AddLoopbackPeerSlots(interpreter, time);
            services.AddWorkersAndSpells();
            extra?.Invoke(services);
        }, loggerFactory: LoggerFactory.Create(b => b.AddProvider(logs)), time: time);
        return new PipelinePeer(peer, time, logs);
    }

    public long NowSec => Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Waits, bounded in real time, for the pipeline (AquaVM runs on other threads) to reach a state.</summary>
    public async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; the peer logged:{Environment.NewLine}{Logs.Dump()}");
            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => Peer.DisposeAsync();
}
