using System.Collections.Concurrent;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// One <see cref="SpellDatabase"/> per scope, opened on first use: the host's at <c>DataDirectory/spells/host.sqlite</c>,
/// a worker's at <c>DataDirectory/workers/&lt;worker id&gt;/spells.sqlite</c> (removed with the worker's directory).
/// </summary>
public sealed class SpellStorage : IDisposable
{
    private readonly ConcurrentDictionary<PeerId, Lazy<SpellDatabase>> _databases = new();
    private readonly IPeerEnvironment _environment;
    private readonly WorkerRegistry _workers;

    public SpellStorage(IPeerEnvironment environment, WorkerRegistry workers)
    {
        _environment = environment;
        _workers = workers;
    }

    /// <exception cref="WorkerException">The scope is neither the host nor a worker.</exception>
    public SpellDatabase GetDatabase(PeerId scope)
    {
        if (scope != _environment.HostKey.PeerId && !_workers.Contains(scope))
            throw new WorkerException($"Worker {scope} not found");
        return _databases.GetOrAdd(scope, s => new Lazy<SpellDatabase>(() => new SpellDatabase(PathOf(s)))).Value;
    }

    /// <summary>The spell id that <paramref name="idOrAlias"/> names in the scope, or null.</summary>
    public string? Resolve(PeerId scope, string idOrAlias) => GetDatabase(scope).ResolveSpellId(idOrAlias);

    /// <summary>Closes the scope's database (before its worker's directory is deleted).</summary>
    public void Close(PeerId scope)
    {
        if (_databases.TryRemove(scope, out var database) && database.IsValueCreated)
            database.Value.Dispose();
    }

    public void Dispose()
    {
        foreach (var scope in _databases.Keys.ToList())
            Close(scope);
    }

    private string PathOf(PeerId scope) => scope == _environment.HostKey.PeerId
        ? Path.Combine(_environment.DataDirectory, "spells", "host.sqlite")
        : Path.Combine(_workers.GetWorkerDirectory(scope), "spells.sqlite");
}
