using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// The worker-scope gate on the real pipeline: particles reach a worker through the host (the relay) on the loopback
/// network and run on the real AquaVM; an inactive worker takes them only from the host or the manager.
/// </summary>
public sealed class InactiveWorkerGateTests(AquaVmFixture aquaVm) : IClassFixture<AquaVmFixture>, IAsyncLifetime
{
    private readonly TempDirectory _directory = new("workers-gate");
    private readonly KeyPair _hostKey = KeyPair.Generate();
    private readonly KeyPair _manager = KeyPair.Generate();
    private readonly KeyPair _stranger = KeyPair.Generate();
    private readonly string _network = $"gate-{Guid.NewGuid():N}";
    private readonly Probe _probe = new();
    private readonly List<LoopbackTransport> _clientTransports = [];
    private readonly List<ParticleClient> _clients = [];
    private readonly MeterListener _listener = new();
    private int _refused;
    private InProcessPeer _peer = null!;

    public async Task InitializeAsync()
    {
        _peer = await InProcessPeer.StartAsync(_hostKey, _directory.Path, services =>
        {
            services.AddLoopbackPeerSlots(aquaVm.Interpreter, TimeProvider.System, _network);
            services.AddSingleton<IBuiltinService>(_probe);
            services.AddWorkersAndSpells(o => o.ManagementPeerId = _manager.PeerId.ToString());
        });
        var meter = _peer.Services.GetRequiredService<ParticleTelemetry>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "particles_dropped")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && Equals(tag.Value, DropReasons.RefusedByScope))
                    Interlocked.Add(ref _refused, (int)value);
            }
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        foreach (var client in _clients)
            await client.DisposeAsync();
        foreach (var transport in _clientTransports)
            await transport.DisposeAsync();
        await _peer.DisposeAsync();
        _hostKey.Dispose();
        _manager.Dispose();
        _stranger.Dispose();
        _directory.Dispose();
    }

    private async Task<PeerId> CreateInactiveWorkerAsync()
    {
        var registry = _peer.Services.GetRequiredService<WorkerRegistry>();
        var worker = await registry.CreateAsync("deal-gate", [], _peer.PeerId, CancellationToken.None);
        await registry.SetActiveAsync(worker.WorkerId, active: false, CancellationToken.None);
        return worker.WorkerId;
    }

    /// <summary>Through the host (as a client's relay), then on to the worker's probe.</summary>
    private string ViaHostToWorker(PeerId worker) => $"""
        (seq
            (call "{_peer.PeerId}" ("op" "noop") [])
            (call "{worker}" ("probe" "hit") [%init_peer_id%]))
        """;

    private async Task SendFromClientAsync(KeyPair key, string air)
    {
        var transport = new LoopbackTransport(Options.Create(new LoopbackOptions { Network = _network }),
            new InProcessPeerEnvironment(key, _directory.Combine("client-" + key.PeerId)), NullLogger<LoopbackTransport>.Instance);
        await transport.StartAsync(CancellationToken.None);
        _clientTransports.Add(transport);
        var client = new ParticleClient(key, transport, _peer.PeerId, aquaVm.Interpreter, _directory.Combine("client-" + key.PeerId));
        _clients.Add(client);
        await client.SendRawAsync(ParticleSigner.Create(key, air, TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow));
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task An_inactive_worker_refuses_a_strangers_particle_but_takes_the_hosts_and_the_managers()
    {
        var worker = await CreateInactiveWorkerAsync();

        await SendFromClientAsync(_stranger, ViaHostToWorker(worker));
        await Eventually(() => Volatile.Read(ref _refused) == 1, "the worker to refuse the stranger's particle");

        await SendFromClientAsync(_manager, ViaHostToWorker(worker));
        await Eventually(() => _probe.Hits.ContainsKey(_manager.PeerId.ToString()), "the manager's particle to reach the worker");

        var fromHost = ParticleSigner.Create(_hostKey, ViaHostToWorker(worker), TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow);
        Assert.True(await _peer.Plumber.IngestAsync(fromHost, _peer.Services.GetRequiredService<Particles.Pipeline.IPeerScopes>().Host, CancellationToken.None));
        await Eventually(() => _probe.Hits.ContainsKey(_hostKey.PeerId.ToString()), "the host's particle to reach the worker");

        Assert.False(_probe.Hits.ContainsKey(_stranger.PeerId.ToString()));
        Assert.Equal(1, Volatile.Read(ref _refused));
        Assert.All(_probe.Hits.Values, scope => Assert.Equal(worker, scope));
    }

    [Fact]
    public async Task An_active_worker_takes_a_strangers_particle()
    {
        var worker = await CreateInactiveWorkerAsync();
        await _peer.Services.GetRequiredService<WorkerRegistry>().SetActiveAsync(worker, active: true, CancellationToken.None);

        await SendFromClientAsync(_stranger, ViaHostToWorker(worker));

        await Eventually(() => _probe.Hits.ContainsKey(_stranger.PeerId.ToString()), "the stranger's particle to reach the worker");
        Assert.Equal(worker, _probe.Hits[_stranger.PeerId.ToString()]);
        Assert.Equal(0, Volatile.Read(ref _refused));
    }

    /// <summary>Records who reached it and in which scope.</summary>
    private sealed class Probe : IBuiltinService
    {
        public ConcurrentDictionary<string, PeerId> Hits { get; } = new();

        public string ServiceId => "probe";

        public ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
        {
            Hits[call.Context.Particle.InitPeerId] = call.Context.ScopePeerId;
            return ValueTask.FromResult(FunctionOutcome.Empty);
        }
    }
}
