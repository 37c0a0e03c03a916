using System.Text.Json.Nodes;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Services.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services.AppServices;

/// <summary>
/// The app services of every scope: created from blueprints, named by UUID and by aliases unique per scope,
/// persisted under <c>&lt;data&gt;/services/services/</c> and recreated when the peer restarts (instances are made on
/// the first call after a restart). Calls into one service are serialized; different services run in parallel.
/// </summary>
public sealed class AppServiceRegistry : IPeerLifecycle, IAsyncDisposable
{
    private readonly ModuleRepository _modules;
    private readonly IWasmRuntime _runtime;
    private readonly ServicesOptions _options;
    private readonly ILogger<AppServiceRegistry> _logger;
    private readonly JsonFileStore _files;
    private readonly string _workRoot;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Scope, string Alias), string> _aliases = [];
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    // Aliases span app services and external ones (spells): checking one side and setting the other must not
    // interleave with another add_alias, or two services could end up holding one alias. Also orders the file writes.
    private readonly SemaphoreSlim _aliasGate = new(1, 1);
    private volatile bool _loaded;

    private readonly IReadOnlyList<IExternalServices> _externalServices;

    public AppServiceRegistry(ModuleRepository modules, IWasmRuntime runtime, IPeerEnvironment environment, IOptions<ServicesOptions> options, ILogger<AppServiceRegistry> logger,
        IEnumerable<IExternalServices>? externalServices = null)
    {
        _externalServices = externalServices?.ToList() ?? [];
        _modules = modules;
        _runtime = runtime;
        _options = options.Value;
        _logger = logger;
        var root = Path.Combine(environment.DataDirectory, "services");
        _files = new JsonFileStore(Path.Combine(root, "services"));
        _workRoot = Path.Combine(root, "workdirs");
    }

    private sealed class Entry(AppServiceInfo info)
    {
        public AppServiceInfo Info { get; set; } = info;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public IWasmService? Instance { get; set; }
        public bool Removed { get; set; }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _modules.EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        Entry[] entries;
        lock (_lock)
            entries = [.. _services.Values];
        foreach (var entry in entries)
        {
            await entry.Gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (entry.Instance is { } instance)
                {
                    entry.Instance = null;
                    await instance.DisposeAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    public async ValueTask<string> CreateAsync(string blueprintId, string scope, string ownerId, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var blueprint = await _modules.GetBlueprintAsync(blueprintId, cancellationToken).ConfigureAwait(false);
        var info = new AppServiceInfo(Guid.NewGuid().ToString(), blueprint.Id, ownerId, scope, []);
        var entry = new Entry(info);
        // Instantiate now, so a service that cannot run is refused at creation rather than at its first call.
        entry.Instance = await InstantiateAsync(info, cancellationToken).ConfigureAwait(false);
        await _files.WriteAsync(info.Id, info.ToJson(), cancellationToken).ConfigureAwait(false);
        lock (_lock)
            _services[info.Id] = entry;
        _logger.LogInformation("created service {ServiceId} from blueprint {Blueprint} in scope {Scope} for {Owner}", info.Id, blueprint.Name, scope, ownerId);
        return info.Id;
    }

    public async ValueTask RemoveAsync(string scope, string idOrAlias, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        Entry entry;
        lock (_lock)
        {
            entry = Find(scope, idOrAlias);
            _services.Remove(entry.Info.Id);
            foreach (var alias in entry.Info.Aliases)
                _aliases.Remove((scope, alias));
            entry.Removed = true;
        }
        _files.Delete(entry.Info.Id);
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Instance is { } instance)
            {
                entry.Instance = null;
                await instance.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
        var workDir = Path.Combine(_workRoot, entry.Info.Id);
        if (Directory.Exists(workDir))
            Directory.Delete(workDir, recursive: true);
        _logger.LogInformation("removed service {ServiceId} from scope {Scope}", entry.Info.Id, scope);
    }

    /// <summary>Removes every service of a scope (a worker being removed); returns how many there were.</summary>
    public async ValueTask<int> RemoveScopeAsync(string scope, CancellationToken cancellationToken)
    {
        var services = await ListAsync(scope, cancellationToken).ConfigureAwait(false);
        foreach (var service in services)
            await RemoveAsync(scope, service.Id, cancellationToken).ConfigureAwait(false);
        return services.Count;
    }

    public async ValueTask<IReadOnlyList<AppServiceInfo>> ListAsync(string scope, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
            return _services.Values.Select(e => e.Info).Where(i => i.Scope == scope).OrderBy(i => i.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every service of the scope: the app services and those held outside them (spells), by id.</summary>
    public async ValueTask<IReadOnlyList<AppServiceInfo>> ListScopeAsync(string scope, CancellationToken cancellationToken)
    {
        var services = await ListAsync(scope, cancellationToken).ConfigureAwait(false);
        return [.. services.Concat(_externalServices.SelectMany(e => e.List(scope))).OrderBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>The service of the scope that <paramref name="idOrAlias"/> names, an app service or one held outside them (a spell).</summary>
    public async ValueTask<AppServiceInfo> GetInScopeAsync(string scope, string idOrAlias, CancellationToken cancellationToken) =>
        await TryGetAsync(scope, idOrAlias, cancellationToken).ConfigureAwait(false) ?? FindExternal(scope, idOrAlias) ?? throw NotFound(idOrAlias);

    /// <summary>
    /// Points <paramref name="alias"/> at a service of the scope (an app service or a spell); an alias held by another
    /// service of the same kind moves. An alias may not be a service id, and one kind never takes the other's alias.
    /// </summary>
    public async ValueTask AddAliasAsync(string scope, string alias, string serviceId, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(alias))
            throw new ServiceException("alias must not be empty");
        await _aliasGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AddAliasExclusiveAsync(scope, alias, serviceId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _aliasGate.Release();
        }
    }

    private async ValueTask AddAliasExclusiveAsync(string scope, string alias, string serviceId, CancellationToken cancellationToken)
    {
        if (FindExternal(scope, serviceId) is not null && TryGetApp(scope, serviceId) is null)
        {
            if (TryGetApp(scope, alias) is { } holder)
                throw AliasTaken(alias, holder.Id);
            if (FindExternal(scope, alias) is { } external && external.Id == alias)
                throw AliasTaken(alias, external.Id);
            if (!_externalServices.Any(e => e.TryAddAlias(scope, alias, serviceId)))
                throw NotFound(serviceId);
            return;
        }
        if (FindExternal(scope, alias) is { } other)
            throw AliasTaken(alias, other.Id);
        AppServiceInfo updated;
        AppServiceInfo? previous = null;
        lock (_lock)
        {
            if (_services.ContainsKey(alias))
                throw AliasTaken(alias, alias);
            var target = _services.TryGetValue(serviceId, out var e) && e.Info.Scope == scope
                ? e
                : throw NotFound(serviceId);
            if (_aliases.TryGetValue((scope, alias), out var holderId) && holderId != serviceId && _services.TryGetValue(holderId, out var holder))
            {
                holder.Info = holder.Info with { Aliases = holder.Info.Aliases.Where(a => a != alias).ToArray() };
                previous = holder.Info;
            }
            if (!target.Info.Aliases.Contains(alias))
                target.Info = target.Info with { Aliases = [.. target.Info.Aliases, alias] };
            _aliases[(scope, alias)] = serviceId;
            updated = target.Info;
        }
        if (previous is not null)
            await _files.WriteAsync(previous.Id, previous.ToJson(), cancellationToken).ConfigureAwait(false);
        await _files.WriteAsync(updated.Id, updated.ToJson(), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<string?> TryResolveAliasAsync(string scope, string alias, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_aliases.TryGetValue((scope, alias), out var id))
                return id;
        }
        return ResolveExternal(scope, alias);
    }

    private AppServiceInfo? FindExternal(string scope, string idOrAlias)
    {
        foreach (var external in _externalServices)
        {
            if (external.TryGet(scope, idOrAlias) is { } info)
                return info;
        }
        return null;
    }

    private AppServiceInfo? TryGetApp(string scope, string idOrAlias)
    {
        lock (_lock)
            return TryFind(scope, idOrAlias)?.Info;
    }

    private string? ResolveExternal(string scope, string alias)
    {
        foreach (var external in _externalServices)
        {
            if (external.ResolveAlias(scope, alias) is { } id)
                return id;
        }
        return null;
    }

    /// <summary>The service a call names: a service id of the scope, else an alias of the scope; null when none.</summary>
    public async ValueTask<AppServiceInfo?> TryGetAsync(string scope, string idOrAlias, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
            return TryFind(scope, idOrAlias)?.Info;
    }

    public async ValueTask<AppServiceInfo> GetAsync(string scope, string idOrAlias, CancellationToken cancellationToken) =>
        await TryGetAsync(scope, idOrAlias, cancellationToken).ConfigureAwait(false) ?? throw NotFound(idOrAlias);

    public async ValueTask<ServiceInterface> GetInterfaceAsync(string scope, string idOrAlias, CancellationToken cancellationToken)
    {
        var info = await GetInScopeAsync(scope, idOrAlias, cancellationToken).ConfigureAwait(false);
        if (info.IsSpell)
            throw new ServiceException($"Service '{info.Id}' is a spell: it has no module interface (call the spell's functions through its id or alias)");
        var blueprint = await _modules.GetBlueprintAsync(info.BlueprintId, cancellationToken).ConfigureAwait(false);
        return await _modules.GetInterfaceAsync(blueprint.Facade, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a facade function with JSON arguments; one call at a time per service.</summary>
    public async ValueTask<JsonNode?> CallAsync(string scope, string idOrAlias, string function, JsonNode? arguments, Func<AppServiceInfo, CallParameters> callParameters, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        Entry entry;
        lock (_lock)
            entry = TryFind(scope, idOrAlias) ?? throw NotFound(idOrAlias);
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Removed)
                throw NotFound(idOrAlias);
            entry.Instance ??= await InstantiateAsync(entry.Info, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.CallTimeout);
            return await entry.Instance.CallJsonAsync(function, arguments, callParameters(entry.Info), deadline.Token).ConfigureAwait(false);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Whether a call into the service is running now (tests observe serialization with it).</summary>
    internal bool IsCallInProgress(string serviceId)
    {
        lock (_lock)
            return _services.TryGetValue(serviceId, out var entry) && entry.Gate.CurrentCount == 0;
    }

    private async ValueTask<IWasmService> InstantiateAsync(AppServiceInfo info, CancellationToken cancellationToken)
    {
        var blueprint = await _modules.GetBlueprintAsync(info.BlueprintId, cancellationToken).ConfigureAwait(false);
        var modules = new List<WasmModule>(blueprint.Dependencies.Count);
        foreach (var cid in blueprint.Dependencies)
            modules.Add(await _modules.LoadModuleAsync(cid, cancellationToken).ConfigureAwait(false));
        var workDir = Path.Combine(_workRoot, info.Id);
        Directory.CreateDirectory(workDir);
        try
        {
            return await _runtime.CreateServiceAsync(new WasmServiceDefinition(info.Id, modules, workDir, _options.ServiceMemoryLimitBytes), cancellationToken).ConfigureAwait(false);
        }
        catch (WasmCallException ex)
        {
            throw new ServiceException($"Cannot create service from blueprint '{blueprint.Name}' ({blueprint.Id}): {ex.Message}", ex);
        }
    }

    private async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
            return;
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
                return;
            await foreach (var (key, doc) in _files.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (AppServiceInfo.TryFromJson(doc) is not { } info)
                {
                    _logger.LogWarning("ignoring unreadable service record {Key}", key);
                    continue;
                }
                lock (_lock)
                {
                    _services[info.Id] = new Entry(info);
                    foreach (var alias in info.Aliases)
                        _aliases[(info.Scope, alias)] = info.Id;
                }
            }
            _loaded = true;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private Entry? TryFind(string scope, string idOrAlias)
    {
        if (_services.TryGetValue(idOrAlias, out var byId) && byId.Info.Scope == scope)
            return byId;
        return _aliases.TryGetValue((scope, idOrAlias), out var id) && _services.TryGetValue(id, out var byAlias) ? byAlias : null;
    }

    private Entry Find(string scope, string idOrAlias) => TryFind(scope, idOrAlias) ?? throw NotFound(idOrAlias);

    private static ServiceException AliasTaken(string alias, string holderId) => new(holderId == alias
        ? $"Cannot add alias '{alias}': it is a service id"
        : $"Cannot add alias '{alias}': it already names {holderId} in this scope");

    private static ServiceException NotFound(string idOrAlias) => new($"Service with id '{idOrAlias}' not found");
}
