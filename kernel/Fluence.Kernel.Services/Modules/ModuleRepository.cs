using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Services.Blueprints;
using Fluence.Kernel.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services.Modules;

/// <summary>
/// Modules and blueprints of the peer. Module bytes live in the content store (so the module id is the CID
/// <c>ipfs add --cid-version 1 --raw-leaves</c> gives them); configs and blueprints are JSON files under
/// <c>&lt;data&gt;/services/</c>, read back when the peer restarts.
/// </summary>
public sealed class ModuleRepository
{
    private readonly IWasmRuntime _runtime;
    private readonly IContentStore _store;
    private readonly ServicesOptions _options;
    private readonly ILogger<ModuleRepository> _logger;
    private readonly JsonFileStore _moduleFiles;
    private readonly JsonFileStore _blueprintFiles;
    private readonly ConcurrentDictionary<Cid, ModuleRecord> _modules = new();
    private readonly ConcurrentDictionary<Cid, ServiceInterface> _interfaces = new();
    private readonly ConcurrentDictionary<string, Blueprint> _blueprints = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile bool _loaded;

    public ModuleRepository(IWasmRuntime runtime, IContentStore store, IPeerEnvironment environment, IOptions<ServicesOptions> options, ILogger<ModuleRepository> logger)
    {
        _runtime = runtime;
        _store = store;
        _options = options.Value;
        _logger = logger;
        var root = Path.Combine(environment.DataDirectory, "services");
        _moduleFiles = new JsonFileStore(Path.Combine(root, "modules"));
        _blueprintFiles = new JsonFileStore(Path.Combine(root, "blueprints"));
    }

    /// <summary>Reads the persisted configs and blueprints once; every operation calls it.</summary>
    public async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
            return;
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded)
                return;
            await foreach (var (key, doc) in _moduleFiles.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var cid = Cid.Parse(key);
                    _modules[cid] = new ModuleRecord(cid, ModuleConfigJson.Parse(doc?["config"]));
                }
                catch (Exception ex) when (ex is FormatException or ServiceException or InvalidOperationException)
                {
                    _logger.LogWarning(ex, "ignoring unreadable module record {Key}", key);
                }
            }
            await foreach (var (key, doc) in _blueprintFiles.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var (name, deps) = BlueprintCodec.Decode(doc?["ipld"]?.GetValue<string>() ?? "");
                    var blueprint = Blueprint.Create(name, deps);
                    _blueprints[blueprint.Id] = blueprint;
                }
                catch (Exception ex) when (ex is ServiceException or InvalidOperationException)
                {
                    _logger.LogWarning(ex, "ignoring unreadable blueprint record {Key}", key);
                }
            }
            _loaded = true;
            _logger.LogDebug("loaded {Modules} modules and {Blueprints} blueprints", _modules.Count, _blueprints.Count);
        }
        finally
        {
            _loadLock.Release();
        }
    }

    /// <summary>Validates a Marine module, stores it and returns its CID. A module already held gets the new config.</summary>
    public async ValueTask<Cid> AddModuleAsync(ReadOnlyMemory<byte> wasm, ModuleConfig config, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (wasm.Length > _options.MaxModuleBytes)
            throw new ServiceException($"module '{config.Name}' is {wasm.Length} bytes; the limit is {_options.MaxModuleBytes}");
        ModuleDescription description;
        try
        {
            description = _runtime.Describe(wasm);
        }
        catch (WasmCallException ex)
        {
            throw new ServiceException($"module '{config.Name}' is not a valid Marine module: {ex.Message}", ex);
        }
        Cid cid;
        using (var content = new MemoryStream(wasm.ToArray(), writable: false))
            cid = await _store.AddAsync(content, pin: true, cancellationToken).ConfigureAwait(false);
        var record = new ModuleRecord(cid, config);
        await _moduleFiles.WriteAsync(cid.ToString(), new JsonObject { ["config"] = ModuleConfigJson.ToJson(config) }, cancellationToken).ConfigureAwait(false);
        _modules[cid] = record;
        _interfaces[cid] = description.Interface;
        _logger.LogInformation("added module {Name} as {Cid} ({Bytes} bytes)", config.Name, cid, wasm.Length);
        return cid;
    }

    public async ValueTask<IReadOnlyList<ModuleRecord>> ListModulesAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return _modules.Values.OrderBy(m => m.Config.Name, StringComparer.Ordinal).ThenBy(m => m.Hash.ToString(), StringComparer.Ordinal).ToArray();
    }

    public async ValueTask<ModuleRecord> GetModuleAsync(Cid cid, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return _modules.TryGetValue(cid, out var record) ? record : throw new ServiceException($"Module with hash '{cid}' not found");
    }

    public async ValueTask<ServiceInterface> GetInterfaceAsync(Cid cid, CancellationToken cancellationToken)
    {
        if (_interfaces.TryGetValue(cid, out var known))
            return known;
        var module = await LoadModuleAsync(cid, cancellationToken).ConfigureAwait(false);
        var description = _runtime.Describe(module.Wasm);
        _interfaces[cid] = description.Interface;
        return description.Interface;
    }

    /// <summary>The module's bytes (verified against the CID by the store) with its config.</summary>
    public async ValueTask<WasmModule> LoadModuleAsync(Cid cid, CancellationToken cancellationToken)
    {
        var record = await GetModuleAsync(cid, cancellationToken).ConfigureAwait(false);
        try
        {
            await using var stream = await _store.OpenReadAsync(cid, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new WasmModule(cid, buffer.ToArray(), record.Config);
        }
        catch (ContentNotFoundException ex)
        {
            throw new ServiceException($"Module with hash '{cid}' is not in the content store", ex);
        }
    }

    /// <summary>Stores a blueprint whose modules are all known; returns its id (the same blueprint twice: the same id).</summary>
    public async ValueTask<Blueprint> AddBlueprintAsync(string name, IReadOnlyList<Cid> dependencies, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (dependencies.Count == 0)
            throw new ServiceException($"blueprint '{name}' has no modules");
        foreach (var dependency in dependencies)
        {
            if (!_modules.ContainsKey(dependency))
                throw new ServiceException($"blueprint '{name}': module with hash '{dependency}' not found");
        }
        var blueprint = Blueprint.Create(name, dependencies);
        await _blueprintFiles.WriteAsync(blueprint.Id, new JsonObject { ["ipld"] = BlueprintCodec.EncodeToString(name, dependencies) }, cancellationToken).ConfigureAwait(false);
        _blueprints[blueprint.Id] = blueprint;
        return blueprint;
    }

    public async ValueTask<IReadOnlyList<Blueprint>> ListBlueprintsAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return _blueprints.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ThenBy(b => b.Id, StringComparer.Ordinal).ToArray();
    }

    public async ValueTask<Blueprint> GetBlueprintAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        return _blueprints.TryGetValue(id, out var blueprint) ? blueprint : throw new ServiceException($"Blueprint '{id}' not found");
    }
}
