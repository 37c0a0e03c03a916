using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Workers;

/// <summary>
/// The workers of this peer, one per deal, persisted under <c>DataDirectory/workers/&lt;worker id&gt;/</c>
/// (<c>worker.json</c> and the key pair's seed in <c>key.ed25519</c>, base64 as Nox stores keys). Everything the
/// worker owns on disk (its spell database, files of other layers) lives in that directory and goes with it.
/// </summary>
public sealed class WorkerRegistry : IDisposable
{
    private const string WorkerFile = "worker.json";
    private const string KeyFile = "key.ed25519";

    private readonly ConcurrentDictionary<PeerId, Entry> _byId = new();
    private readonly ConcurrentDictionary<string, PeerId> _byDeal = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _mutation = new(1, 1);
    private readonly Func<IEnumerable<IWorkerRemovalHook>> _removalHooks;
    private readonly TimeProvider _time;
    private readonly ILogger<WorkerRegistry> _logger;
    private int _loaded;

    /// <param name="removalHooks">Resolved when a worker is removed (the hooks depend on the registry themselves).</param>
    public WorkerRegistry(IPeerEnvironment environment, Func<IEnumerable<IWorkerRemovalHook>> removalHooks, ILogger<WorkerRegistry> logger)
    {
        Root = Path.Combine(environment.DataDirectory, "workers");
        _removalHooks = removalHooks;
        _time = environment.Time;
        _logger = logger;
    }

    /// <summary><c>DataDirectory/workers</c>.</summary>
    public string Root { get; }

    /// <summary>Raised after a worker was removed (its hooks have run and its directory is gone).</summary>
    public event EventHandler<PeerId>? WorkerRemoved;

    /// <summary>The directory that holds everything of <paramref name="workerId"/>.</summary>
    public string GetWorkerDirectory(PeerId workerId) => Path.Combine(Root, workerId.ToString());

    /// <summary>Reads the persisted workers once; later calls do nothing.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _loaded, 1) == 1)
            return;
        if (!Directory.Exists(Root))
            return;
        foreach (var directory in Directory.EnumerateDirectories(Root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var entry = await ReadAsync(directory, cancellationToken).ConfigureAwait(false);
                if (entry is null)
                {
                    _logger.LogWarning("Ignoring {Directory}: not a complete worker (created partially?)", directory);
                    continue;
                }
                _byId[entry.Info.WorkerId] = entry;
                _byDeal[entry.Info.DealId] = entry.Info.WorkerId;
            }
            catch (Exception e) when (e is IOException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                _logger.LogError(e, "Cannot load the worker in {Directory}; it is skipped", directory);
            }
        }
        _logger.LogInformation("Loaded {Count} workers from {Root}", _byId.Count, Root);
    }

    public IReadOnlyList<WorkerInfo> List() => _byId.Values.Select(e => e.Info).OrderBy(w => w.CreatedAt).ThenBy(w => w.WorkerId).ToList();

    public WorkerInfo? Get(PeerId workerId) => _byId.TryGetValue(workerId, out var entry) ? entry.Info : null;

    public bool Contains(PeerId workerId) => _byId.ContainsKey(workerId);

    public PeerId? GetWorkerId(string dealId) => _byDeal.TryGetValue(NormalizeDealId(dealId), out var id) ? id : null;

    /// <summary>The worker's key pair (owned by the registry: do not dispose), or null for an unknown worker.</summary>
    public KeyPair? GetKeyPair(PeerId workerId) => _byId.TryGetValue(workerId, out var entry) ? entry.Key : null;

    public async Task<WorkerInfo> CreateAsync(string dealId, IReadOnlyList<string> computeUnitIds, PeerId creator, CancellationToken cancellationToken)
    {
        dealId = NormalizeDealId(dealId);
        if (dealId.Length == 0)
            throw new WorkerException("deal id is empty");
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_byDeal.TryGetValue(dealId, out var existing))
                throw new WorkerException($"Worker for deal {dealId} already exists: {existing}");
            var key = KeyPair.Generate();
            var info = new WorkerInfo(key.PeerId, dealId, creator, computeUnitIds, Active: true, _time.GetUtcNow());
            var directory = GetWorkerDirectory(info.WorkerId);
            Directory.CreateDirectory(directory);
            // The key first: a worker.json without its key is skipped on load, never half-usable.
            await WriteAtomicallyAsync(Path.Combine(directory, KeyFile), key.ToBase64(), cancellationToken).ConfigureAwait(false);
            await WriteInfoAsync(info, cancellationToken).ConfigureAwait(false);
            _byId[info.WorkerId] = new Entry(info, key);
            _byDeal[dealId] = info.WorkerId;
            _logger.LogInformation("Created worker {WorkerId} for deal {DealId} (creator {Creator})", info.WorkerId, dealId, creator);
            return info;
        }
        finally
        {
            _mutation.Release();
        }
    }

    public async Task SetActiveAsync(PeerId workerId, bool active, CancellationToken cancellationToken)
    {
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_byId.TryGetValue(workerId, out var entry))
                throw new WorkerException($"Worker {workerId} not found");
            var info = entry.Info with { Active = active };
            await WriteInfoAsync(info, cancellationToken).ConfigureAwait(false);
            _byId[workerId] = entry with { Info = info };
        }
        finally
        {
            _mutation.Release();
        }
    }

    /// <summary>Removes the worker: runs the removal hooks, forgets it, deletes its directory.</summary>
    public async Task RemoveAsync(PeerId workerId, CancellationToken cancellationToken)
    {
        await _mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        Entry? entry;
        try
        {
            if (!_byId.TryGetValue(workerId, out entry))
                throw new WorkerException($"Worker {workerId} not found");
            foreach (var hook in _removalHooks())
            {
                try
                {
                    await hook.OnWorkerRemovedAsync(workerId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Removal hook {Hook} failed for worker {WorkerId}", hook.GetType().Name, workerId);
                }
            }
            _byId.TryRemove(workerId, out _);
            _byDeal.TryRemove(entry.Info.DealId, out _);
            var directory = GetWorkerDirectory(workerId);
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
            _logger.LogInformation("Removed worker {WorkerId} of deal {DealId}", workerId, entry.Info.DealId);
        }
        finally
        {
            _mutation.Release();
        }
        entry.Key.Dispose();
        WorkerRemoved?.Invoke(this, workerId);
    }

    public void Dispose()
    {
        foreach (var entry in _byId.Values)
            entry.Key.Dispose();
        _byId.Clear();
        _mutation.Dispose();
    }

    /// <summary>Deal ids are hex addresses; Nox compares them lowercased without the 0x prefix.</summary>
    internal static string NormalizeDealId(string dealId)
    {
        var id = dealId.Trim();
        if (id.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            id = id[2..];
        return id.ToLowerInvariant();
    }

    private async Task WriteInfoAsync(WorkerInfo info, CancellationToken cancellationToken)
    {
        var json = new JsonObject
        {
            ["worker_id"] = info.WorkerId.ToString(),
            ["deal_id"] = info.DealId,
            ["creator"] = info.Creator.ToString(),
            ["cu_ids"] = new JsonArray(info.ComputeUnitIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
            ["active"] = info.Active,
            ["created_at"] = info.CreatedAt.ToUnixTimeMilliseconds(),
        };
        var path = Path.Combine(GetWorkerDirectory(info.WorkerId), WorkerFile);
        await WriteAtomicallyAsync(path, json.ToJsonString(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Entry?> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var infoPath = Path.Combine(directory, WorkerFile);
        var keyPath = Path.Combine(directory, KeyFile);
        if (!File.Exists(infoPath) || !File.Exists(keyPath))
            return null;
        var json = JsonNode.Parse(await File.ReadAllTextAsync(infoPath, cancellationToken).ConfigureAwait(false))
            ?? throw new FormatException($"{infoPath} is empty");
        var key = KeyPair.FromBase64(await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false));
        var workerId = PeerId.Parse(json["worker_id"]!.GetValue<string>());
        if (workerId != key.PeerId)
        {
            key.Dispose();
            throw new FormatException($"{keyPath} holds the key of {key.PeerId}, not of worker {workerId}");
        }
        var info = new WorkerInfo(
            workerId,
            json["deal_id"]!.GetValue<string>(),
            PeerId.Parse(json["creator"]!.GetValue<string>()),
            json["cu_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList(),
            json["active"]!.GetValue<bool>(),
            DateTimeOffset.FromUnixTimeMilliseconds(json["created_at"]!.GetValue<long>()));
        return new Entry(info, key);
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record Entry(WorkerInfo Info, KeyPair Key);
}
