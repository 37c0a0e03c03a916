namespace Fluence.Kernel.Services.AppServices;

/// <summary>
/// Aliases of a scope held outside the app services (a worker's spells): a scope has one alias namespace, so
/// <c>srv.add_alias</c> refuses these and <c>srv.resolve_alias</c> finds them. The peer's composition provides it.
/// </summary>
public interface IExternalAliases
{
    /// <summary>The id <paramref name="alias"/> names in <paramref name="scope"/> outside the app services, or null.</summary>
    string? Resolve(string scope, string alias);
}
