using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Scheduler;
using Fluence.Kernel.Scheduling;
using Fluence.Kernel.Transport;
using Fluence.Kernel.Workers.Builtins;
using Fluence.Kernel.Workers.Scopes;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// One run of a peer with workers and spells: the real registry, storage, sorcerer and builtins on the real
/// scheduler plugin over a <see cref="FakeTimeProvider"/>, with spell particles handed to a
/// <see cref="RecordingSpellExecutor"/>. Disposing stops it; a new one on the same directory is a restart.
/// </summary>
internal sealed class SpellPeer : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IPeerLifecycle> _started = [];

    private SpellPeer(ServiceProvider provider, KeyPair hostKey, FakeTimeProvider time)
    {
        _provider = provider;
        HostKey = hostKey;
        Time = time;
    }

    public KeyPair HostKey { get; }
    public PeerId HostId => HostKey.PeerId;
    public FakeTimeProvider Time { get; }
    public RecordingSpellExecutor Executor => _provider.GetRequiredService<RecordingSpellExecutor>();
    public ConnectionEventTransport Transport => _provider.GetRequiredService<ConnectionEventTransport>();
    public WorkerRegistry Workers => _provider.GetRequiredService<WorkerRegistry>();
    public IScopeResolver Scopes => _provider.GetRequiredService<IScopeResolver>();
    public Sorcerer Sorcerer => _provider.GetRequiredService<Sorcerer>();
    public SpellStorage Storage => _provider.GetRequiredService<SpellStorage>();
    public SpellServices SpellServices => _provider.GetRequiredService<SpellServices>();

    public static async Task<SpellPeer> StartAsync(string dataDirectory, KeyPair hostKey, FakeTimeProvider time, PeerId? manager = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IPeerEnvironment>(new TestPeerEnvironment(hostKey, dataDirectory, time));
        // One registration: the container disposes each registration's instance.
        services.AddSingleton<IScheduler>(_ => new TimeProviderScheduler(time, maxConcurrency: 4));
        services.AddSingleton<RecordingSpellExecutor>();
        services.AddSingleton<ISpellParticleExecutor>(sp => sp.GetRequiredService<RecordingSpellExecutor>());
        services.AddSingleton<ConnectionEventTransport>();
        services.AddSingleton<ITransport>(sp => sp.GetRequiredService<ConnectionEventTransport>());
        services.AddWorkersAndSpells(o => o.ManagementPeerId = manager?.ToString());
        var peer = new SpellPeer(services.BuildServiceProvider(validateScopes: true), hostKey, time);
        foreach (var lifecycle in peer._provider.GetServices<IPeerLifecycle>())
        {
            await lifecycle.StartAsync(CancellationToken.None);
            peer._started.Add(lifecycle);
        }
        return peer;
    }

    /// <summary>Calls a builtin the way the pipeline does: by service id, then the spell services of the scope.</summary>
    public async Task<FunctionOutcome> CallAsync(PeerId scope, PeerId initPeer, string serviceId, string function, params JsonNode?[] args) =>
        await CallWithParticleIdAsync(scope, initPeer, Guid.NewGuid().ToString(), serviceId, function, args);

    public async Task<FunctionOutcome> CallWithParticleIdAsync(PeerId scope, PeerId initPeer, string particleId, string serviceId, string function, params JsonNode?[] args)
    {
        var particle = new Particle(particleId, initPeer.ToString(), (ulong)Time.GetUtcNow().ToUnixTimeMilliseconds(), 120_000, "(null)",
            ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty);
        return await CallInParticleAsync(particle, scope, serviceId, function, args);
    }

    public async Task<FunctionOutcome> CallInParticleAsync(Particle particle, PeerId scope, string serviceId, string function, params JsonNode?[] args)
    {
        var context = new ParticleContext(particle, HostId, scope, Path.Combine(Path.GetTempPath(), "vault-unused"));
        var call = new ServiceCall(serviceId, function, args, args.Select(_ => (IReadOnlyList<SecurityTetraplet>)[]).ToList(), context);
        foreach (var builtin in _provider.GetServices<IBuiltinService>().Where(b => b.ServiceId == serviceId))
        {
            var outcome = await builtin.CallAsync(call, CancellationToken.None);
            if (outcome is not FunctionOutcome.NotDefinedOutcome)
                return outcome;
        }
        return await SpellServices.CallAsync(call, CancellationToken.None);
    }

    /// <summary>Installs a spell through the <c>spell</c> builtin as the host; returns its id.</summary>
    public async Task<string> InstallAsync(PeerId scope, string script, JsonObject config, JsonObject? initArgs = null, string? alias = null)
    {
        var outcome = await CallAsync(scope, HostId, "spell", "install", script, initArgs ?? new JsonObject(), config,
            alias is null ? new JsonArray() : new JsonArray(alias));
        return outcome.AssertOk()!.GetValue<string>();
    }

    public async Task<PeerId> CreateWorkerAsync(string dealId)
    {
        var outcome = await CallAsync(HostId, HostId, "worker", "create", dealId, new JsonArray(new JsonArray(1, 2, 3)));
        return PeerId.Parse(outcome.AssertOk()!.GetValue<string>());
    }

    public static JsonObject Clock(long start, long end = 0, long period = 0, bool connect = false, bool disconnect = false) => new()
    {
        ["clock"] = new JsonObject { ["start_sec"] = start, ["end_sec"] = end, ["period_sec"] = period },
        ["connections"] = new JsonObject { ["connect"] = connect, ["disconnect"] = disconnect },
        ["blockchain"] = new JsonObject { ["start_block"] = 0, ["end_block"] = 0 },
    };

    public long NowSec => Time.GetUtcNow().ToUnixTimeSeconds();

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
            await _started[i].StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}

internal static class OutcomeAssertions
{
    public static JsonNode? AssertOk(this FunctionOutcome outcome) => outcome switch
    {
        FunctionOutcome.OkOutcome ok => ok.Value,
        FunctionOutcome.EmptyOutcome => null,
        FunctionOutcome.ErrorOutcome error => throw new Xunit.Sdk.XunitException($"expected success, got error: {error.Message}"),
        _ => throw new Xunit.Sdk.XunitException($"expected success, got {outcome}"),
    };

    public static string AssertError(this FunctionOutcome outcome) =>
        Assert.IsType<FunctionOutcome.ErrorOutcome>(outcome).Message;
}
