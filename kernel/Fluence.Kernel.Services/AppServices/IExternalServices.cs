namespace Fluence.Kernel.Services.AppServices;

/// <summary>
/// Services of a scope held outside the app services (a worker's spells). A scope has one namespace of ids and
/// aliases, as on Nox where spells are services of type <c>spell</c>: <c>srv.list</c> and <c>srv.info</c> show them,
/// <c>srv.resolve_alias</c> finds their aliases, <c>srv.add_alias</c> names them and never takes their aliases.
/// The peer's composition provides it.
/// </summary>
public interface IExternalServices
{
    /// <summary>The id <paramref name="alias"/> names in <paramref name="scope"/> outside the app services, or null.</summary>
    string? ResolveAlias(string scope, string alias);

    /// <summary>The service <paramref name="idOrAlias"/> names in <paramref name="scope"/>, or null.</summary>
    AppServiceInfo? TryGet(string scope, string idOrAlias);

    /// <summary>The scope's services held here; empty for a scope that holds none.</summary>
    IReadOnlyList<AppServiceInfo> List(string scope);

    /// <summary>Points <paramref name="alias"/> at <paramref name="id"/>; false when <paramref name="id"/> is not held here.</summary>
    bool TryAddAlias(string scope, string alias, string id);
}
