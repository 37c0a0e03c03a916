using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Signing;
using Fluence.Kernel.Particles.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Owns the actors of one peer: creates one per (scope, signature) after the intake checks, splits each outcome's
/// next peers into local scopes (re-ingested) and remote peers (sent, with a bounded number of sends in flight), and
/// reaps actors with their prev_data and vault after the particle's deadline.
/// </summary>
public sealed class ParticlePlumber : IParticlePlumber, IAsyncDisposable
{
    private readonly ConcurrentDictionary<ActorKey, ParticleActor> _actors = new();
    // ConcurrentDictionary.Count takes every bucket lock (up to 1024 once the table has grown): counted here instead.
    private int _actorCount;
    // Actors by deadline, so a reap visits only the expired ones instead of every actor alive (TTLs are minutes long).
    private readonly PriorityQueue<(ActorKey Key, ParticleActor Actor), ulong> _deadlines = new();
    private readonly Lock _deadlinesLock = new();
    private readonly IParticleSender _sender;
    private readonly SemaphoreSlim _sends;
    private readonly VerifiedParticleCache _verified = new();
    private readonly ConditionalWeakTable<KeyPair, byte[]> _secretKeys = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public ParticlePlumber(
        IPeerScopes scopes,
        IAirInterpreter interpreter,
        IServiceCallExecutor executor,
        IParticleSender sender,
        IParticleDataStore dataStore,
        ParticleVault vault,
        ParticleTelemetry telemetry,
        IOptions<ParticlePipelineOptions> options,
        TimeProvider time,
        ILogger<ParticlePlumber> logger)
    {
        Scopes = scopes;
        Interpreter = interpreter;
        Executor = executor;
        _sender = sender;
        DataStore = dataStore;
        Vault = vault;
        Telemetry = telemetry;
        Options = options.Value;
        Time = time;
        Logger = logger;
        _sends = new SemaphoreSlim(Options.MaxConcurrentSends);
    }

    internal IPeerScopes Scopes { get; }
    internal IAirInterpreter Interpreter { get; }
    internal IServiceCallExecutor Executor { get; }
    internal IParticleDataStore DataStore { get; }
    internal ParticleVault Vault { get; }
    internal ParticleTelemetry Telemetry { get; }
    internal ParticlePipelineOptions Options { get; }
    internal TimeProvider Time { get; }
    internal ILogger Logger { get; }

    public int ActiveActors => Volatile.Read(ref _actorCount);

    public async ValueTask<bool> IngestAsync(Particle particle, PeerScope scope, CancellationToken cancellationToken)
    {
        var actor = Admit(particle, scope);
        if (actor is null)
            return false;
        if (await actor.PostAsync(new ActorMessage.Arrived(particle), cancellationToken))
            return true;
        Telemetry.Dropped(DropReasons.Expired);
        return false;
    }

    private bool IngestLocal(Particle particle, PeerScope scope)
    {
        var actor = Admit(particle, scope);
        if (actor is null)
            return false;
        if (actor.TryPost(new ActorMessage.Arrived(particle)))
            return true;
        Telemetry.Dropped(DropReasons.MailboxFull);
        Logger.LogWarning("Dropped {Particle} for local scope {Scope}: its mailbox is full", particle, scope.PeerId);
        return false;
    }

    private ParticleActor? Admit(Particle particle, PeerScope scope)
    {
        var verdict = _verified.Check(particle, Time.GetUtcNow(), out var reason);
        if (verdict != ParticleVerdict.Accepted)
        {
            Telemetry.Dropped(verdict);
            Logger.LogInformation("Dropped {Particle}: {Verdict}: {Reason}", particle, verdict, reason);
            return null;
        }
        if (!Scopes.Admits(scope, particle))
        {
            Telemetry.Dropped(DropReasons.RefusedByScope);
            Logger.LogInformation("Dropped {Particle}: scope {Scope} does not take particles from {Init}", particle, scope.PeerId, particle.InitPeerId);
            return null;
        }
        var key = ActorKey.For(particle, scope);
        if (_actors.TryGetValue(key, out var actor))
            return actor;
        if (ActiveActors >= Options.MaxActors)
        {
            Telemetry.Dropped(DropReasons.TooManyActors);
            Logger.LogWarning("Dropped {Particle}: {Count} particles already in flight", particle, ActiveActors);
            return null;
        }
        var created = new ParticleActor(this, particle, scope, key.Signature, SecretKeyOf(scope), Options.MailboxCapacity);
        actor = _actors.GetOrAdd(key, created);
        if (ReferenceEquals(actor, created))
        {
            Interlocked.Increment(ref _actorCount);
            lock (_deadlinesLock)
                _deadlines.Enqueue((key, created), created.Deadline);
        }
        return actor;
    }

    // One copy of each scope's secret key for all its actors (RunParameters carries it to the interpreter).
    private ReadOnlyMemory<byte> SecretKeyOf(PeerScope scope) => _secretKeys.GetValue(scope.Key, static key => key.Seed.ToArray());

    internal async ValueTask RouteAsync(Particle particle, IReadOnlyList<string> nextPeers, PeerScope from, CancellationToken cancellationToken)
    {
        foreach (var next in nextPeers)
        {
            if (!PeerIdCache.TryParse(next, out var peer, out var error))
            {
                Logger.LogWarning("{Particle}: next peer '{Peer}' is not a peer id: {Error}", particle, next, error);
                continue;
            }
            if (Scopes.TryGetLocal(peer, out var local))
            {
                IngestLocal(particle, local);
                continue;
            }
            if (particle.IsExpired(Time.GetUtcNow()))
            {
                Telemetry.Dropped(DropReasons.ExpiredBeforeSend);
                Logger.LogInformation("Not sending expired {Particle} to {Peer}", particle, peer);
                continue;
            }
            await _sends.WaitAsync(cancellationToken);
            _ = SendAsync(particle, peer);
        }
    }

    private async Task SendAsync(Particle particle, PeerId peer)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(particle.TimeLeft(Time.GetUtcNow()));
            try
            {
                await _sender.SendAsync(particle, peer, timeout.Token);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                Telemetry.Dropped(DropReasons.ExpiredInFlight);
                Logger.LogInformation("{Particle} expired while being sent to {Peer}", particle, peer);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Logger.LogWarning(e, "Sending {Particle} to {Peer} failed", particle, peer);
        }
        finally
        {
            _sends.Release();
        }
    }

    public async Task ReapExpiredAsync()
    {
        ulong now = (ulong)Math.Max(0, Time.GetUtcNow().ToUnixTimeMilliseconds());
        while (NextExpired(now) is var (key, actor))
        {
            if (!_actors.TryRemove(new KeyValuePair<ActorKey, ParticleActor>(key, actor)))
                continue;
            Interlocked.Decrement(ref _actorCount);
            await RemoveAsync(actor);
            Telemetry.Reaped();
        }
    }

    private (ActorKey Key, ParticleActor Actor)? NextExpired(ulong now)
    {
        lock (_deadlinesLock)
        {
            if (_deadlines.TryPeek(out _, out var deadline) && deadline < now)
                return _deadlines.Dequeue();
            return null;
        }
    }

    private async Task RemoveAsync(ParticleActor actor)
    {
        await actor.StopAsync();
        DataStore.Remove(actor.DataKey);
        if (actor.VaultDirectory is { } vault)
            Vault.Remove(vault);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stopping.CancelAsync();
        foreach (var key in _actors.Keys)
        {
            if (_actors.TryRemove(key, out var actor))
            {
                Interlocked.Decrement(ref _actorCount);
                await RemoveAsync(actor);
            }
        }
        lock (_deadlinesLock)
            _deadlines.Clear();
        _stopping.Dispose();
    }
}
