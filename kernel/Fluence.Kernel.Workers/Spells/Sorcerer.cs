using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Scheduling;
using Fluence.Kernel.Transport;
using Fluence.Kernel.Workers.Scopes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// Installs, removes and fires spells (Nox's sorcerer + spell event bus): clock triggers through
/// <see cref="IScheduler"/>, connection triggers from <see cref="ITransport.ConnectionChanged"/>. Each firing bumps
/// the spell's <c>counter</c>, signs a <c>spell_&lt;id&gt;_&lt;counter&gt;</c> particle with the scope's key, stores the
/// trigger and hands the particle to <see cref="ISpellParticleExecutor"/>. Spells are re-armed on start.
/// </summary>
public sealed class Sorcerer : IPeerLifecycle, IWorkerRemovalHook, IDisposable
{
    /// <summary>The alias of the spell that deploys a worker's application (re-armed on <c>worker.activate</c>).</summary>
    public const string WorkerSpellAlias = "worker-spell";

    private readonly ConcurrentDictionary<(PeerId Scope, string SpellId), Subscription> _subscriptions = new();
    private readonly IScheduler _scheduler;
    private readonly WorkerRegistry _workers;
    private readonly IScopeResolver _scopes;
    private readonly SpellStorage _storage;
    private readonly ISpellParticleExecutor _executor;
    private readonly ITransport? _transport;
    private readonly WorkersOptions _options;
    private readonly ILogger<Sorcerer> _logger;
    private readonly Channel<PeerConnectionEvent> _connectionEvents;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _connectionLoop;
    private int _disposed;

    public Sorcerer(
        IScheduler scheduler,
        WorkerRegistry workers,
        IScopeResolver scopes,
        SpellStorage storage,
        ISpellParticleExecutor executor,
        IOptions<WorkersOptions> options,
        ILogger<Sorcerer> logger,
        IEnumerable<ITransport> transports)
    {
        _scheduler = scheduler;
        _workers = workers;
        _scopes = scopes;
        _storage = storage;
        _executor = executor;
        _options = options.Value;
        _logger = logger;
        _transport = transports.FirstOrDefault();
        _connectionEvents = Channel.CreateBounded<PeerConnectionEvent>(new BoundedChannelOptions(Math.Max(1, _options.ConnectionEventQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
    }

    private DateTimeOffset Now => _scheduler.Time.GetUtcNow();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _workers.LoadAsync(cancellationToken).ConfigureAwait(false);
        var scopes = new List<PeerId> { _scopes.HostId };
        scopes.AddRange(_workers.List().Select(w => w.WorkerId));
        var armed = 0;
        foreach (var scope in scopes)
        {
            foreach (var spell in _storage.GetDatabase(scope).ListSpells())
            {
                if (Rearm(scope, spell))
                    armed++;
            }
        }
        _connectionLoop = Task.Run(() => RunConnectionTriggersAsync(_stopping.Token), CancellationToken.None);
        if (_transport is not null)
            _transport.ConnectionChanged += OnConnectionChanged;
        _logger.LogInformation("Sorcerer started: {Armed} spells armed in {Scopes} scopes", armed, scopes.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_transport is not null)
            _transport.ConnectionChanged -= OnConnectionChanged;
        foreach (var key in _subscriptions.Keys.ToList())
            Unsubscribe(key.Scope, key.SpellId);
        _connectionEvents.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_connectionLoop is not null)
            await _connectionLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Installs a spell in <paramref name="scope"/> and arms its triggers; returns its id.</summary>
    /// <exception cref="TriggerConfigException">The trigger config cannot be scheduled.</exception>
    /// <exception cref="SpellException">The script is not AIR or the init args are not an object.</exception>
    /// <param name="ownerId">Who installs it (<c>srv.list</c>'s <c>owner_id</c>); the scope itself when null (spells the peer installs).</param>
    public string Install(PeerId scope, string script, JsonNode? initArgs, TriggerConfig config, string? alias, string? ownerId = null)
    {
        var plan = TriggerPlan.From(config, Now);
        if (!AirScriptShape.TryValidate(script, out var scriptError))
            throw new SpellException(scriptError);
        if (initArgs is not JsonObject fields)
            throw new SpellException($"init_args must be a JSON object, got {(initArgs is null ? "null" : initArgs.GetValueKind().ToString().ToLowerInvariant())}");
        var database = _storage.GetDatabase(scope);
        var spellId = Guid.NewGuid().ToString();
        database.InsertSpell(spellId, ownerId ?? scope.ToString(), script, config, Now.ToUnixTimeMilliseconds());
        database.SetJsonFields(spellId, fields);
        if (!string.IsNullOrEmpty(alias))
            database.SetAlias(spellId, alias);
        Subscribe(scope, spellId, plan);
        _logger.LogInformation("Installed spell {SpellId} ({Alias}) in scope {Scope}", spellId, alias ?? "no alias", scope);
        return spellId;
    }

    public void Remove(PeerId scope, string spellId)
    {
        Unsubscribe(scope, spellId);
        _storage.GetDatabase(scope).DeleteSpell(spellId);
        _logger.LogInformation("Removed spell {SpellId} from scope {Scope}", spellId, scope);
    }

    public IReadOnlyList<string> List(PeerId scope) => _storage.GetDatabase(scope).ListSpells().Select(s => s.SpellId).ToList();

    /// <summary>Stores the new config and re-subscribes the spell to it (an empty config leaves it unsubscribed).</summary>
    public void UpdateTriggerConfig(PeerId scope, string spellId, TriggerConfig config)
    {
        var plan = TriggerPlan.From(config, Now);
        _storage.GetDatabase(scope).SetTriggerConfig(spellId, config);
        Unsubscribe(scope, spellId);
        Subscribe(scope, spellId, plan);
    }

    /// <summary>Stops every spell of the worker and clears their trigger configs (what <c>worker.deactivate</c> does in Nox).</summary>
    public void StopWorkerSpells(PeerId workerId)
    {
        var database = _storage.GetDatabase(workerId);
        foreach (var spell in database.ListSpells())
        {
            Unsubscribe(workerId, spell.SpellId);
            database.SetTriggerConfig(spell.SpellId, TriggerConfig.Empty);
        }
    }

    /// <summary>Re-arms the worker's <c>worker-spell</c>, if it has one, to start now and repeat every worker period.</summary>
    public void StartWorkerSpell(PeerId workerId)
    {
        var spellId = _storage.GetDatabase(workerId).ResolveAlias(WorkerSpellAlias);
        if (spellId is null)
            return;
        var period = (uint)Math.Clamp(_options.WorkerSpellPeriod.TotalSeconds, 1, TriggerPlan.MaxPeriodSec);
        UpdateTriggerConfig(workerId, spellId, TriggerConfig.Empty with { Clock = new ClockConfig(1, 0, period) });
    }

    public bool IsSubscribed(PeerId scope, string spellId) => _subscriptions.ContainsKey((scope, spellId));

    async ValueTask IWorkerRemovalHook.OnWorkerRemovedAsync(PeerId workerId, CancellationToken cancellationToken)
    {
        foreach (var key in _subscriptions.Keys.Where(k => k.Scope == workerId).ToList())
            Unsubscribe(key.Scope, key.SpellId);
        _storage.Close(workerId);
        await Task.CompletedTask.ConfigureAwait(false);
    }

    public void Dispose()
    {
        // The container may hand this instance out under several service types and dispose it for each.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        foreach (var subscription in _subscriptions.Values)
            subscription.Timer?.Dispose();
        _subscriptions.Clear();
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Fires a spell once: what a trigger does. Failures are logged; the peer and the spell's schedule go on.</summary>
    internal async ValueTask FireAsync(PeerId scope, string spellId, TriggerEvent trigger, CancellationToken cancellationToken)
    {
        try
        {
            var key = _scopes.GetKeyPair(scope) ?? throw new WorkerException($"no key pair for scope {scope}");
            var database = _storage.GetDatabase(scope);
            var script = database.GetScript(spellId) ?? throw new SpellException($"spell {spellId} not found in scope {scope}");
            var counter = database.IncrementU32(spellId, "counter");
            var unsigned = new Particle(
                $"spell_{spellId}_{counter}",
                scope.ToString(),
                (ulong)Now.ToUnixTimeMilliseconds(),
                (uint)Math.Clamp(_options.SpellParticleTtl.TotalMilliseconds, 1, uint.MaxValue),
                script,
                ReadOnlyMemory<byte>.Empty,
                ReadOnlyMemory<byte>.Empty);
            var particle = unsigned with { Signature = key.Sign(unsigned.GetSignedBytes()) };
            database.SetString(spellId, "trigger", trigger.ToJson().ToJsonString());
            await _executor.ExecuteAsync(new SpellParticle(particle, scope, spellId), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Failed to fire spell {SpellId} in scope {Scope} ({Trigger})", spellId, scope, trigger);
        }
    }

    private bool Rearm(PeerId scope, StoredSpell spell)
    {
        if (spell.TriggerConfig.IsEmpty)
            return false;
        var clock = spell.TriggerConfig.Clock;
        var config = spell.TriggerConfig;
        // A one-shot that already fired before the restart stays fired.
        if (clock.StartSec != 0 && clock.PeriodSec == 0 && DateTimeOffset.FromUnixTimeSeconds(clock.StartSec) <= Now
            && _storage.GetDatabase(scope).GetU32(spell.SpellId, "counter").Present)
        {
            config = config with { Clock = new ClockConfig(0, 0, 0) };
        }
        TriggerPlan plan;
        try
        {
            plan = TriggerPlan.From(config, Now);
        }
        catch (TriggerConfigException e)
        {
            _logger.LogInformation("Spell {SpellId} in scope {Scope} is not re-armed: {Reason}", spell.SpellId, scope, e.Message);
            return false;
        }
        Subscribe(scope, spell.SpellId, plan);
        return !plan.IsEmpty;
    }

    private void Subscribe(PeerId scope, string spellId, TriggerPlan plan)
    {
        if (plan.IsEmpty)
            return;
        IDisposable? timer = null;
        if (plan.Timer is not null)
        {
            ValueTask Fire(CancellationToken ct) => FireAsync(scope, spellId, new TriggerEvent.Timer((ulong)Math.Max(0, Now.ToUnixTimeSeconds())), ct);
            timer = _scheduler.Schedule(plan.Timer, (_, ct) => Fire(ct));
        }
        var subscription = new Subscription(timer, plan.OnConnect, plan.OnDisconnect);
        if (!_subscriptions.TryAdd((scope, spellId), subscription))
        {
            timer?.Dispose();
            throw new InvalidOperationException($"spell {spellId} in scope {scope} is already subscribed");
        }
    }

    private void Unsubscribe(PeerId scope, string spellId)
    {
        if (_subscriptions.TryRemove((scope, spellId), out var subscription))
            subscription.Timer?.Dispose();
    }

    private void OnConnectionChanged(object? sender, PeerConnectionEvent e) => _connectionEvents.Writer.TryWrite(e);

    /// <summary>Queues a connection event as if the transport raised it (what the transport subscription feeds).</summary>
    internal bool PostConnectionEvent(PeerConnectionEvent e) => _connectionEvents.Writer.TryWrite(e);

    private async Task RunConnectionTriggersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in _connectionEvents.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var (key, subscription) in _subscriptions)
                {
                    if (e.Connected ? subscription.OnConnect : subscription.OnDisconnect)
                        await FireAsync(key.Scope, key.SpellId, new TriggerEvent.Peer(e.Peer, e.Connected), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private sealed record Subscription(IDisposable? Timer, bool OnConnect, bool OnDisconnect);
}
