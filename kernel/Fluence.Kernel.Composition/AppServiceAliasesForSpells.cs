using Fluence.Kernel.Identity;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Workers.Scopes;

namespace Fluence.Kernel.Composition;

/// <summary>
/// The app services' ids and aliases as the spells see them, so that a spell alias never takes one. Spell aliases
/// themselves are not reported here: among spells an alias moves, as <c>srv.add_alias</c> moves it in Nox.
/// </summary>
public sealed class AppServiceAliasesForSpells(AppServiceRegistry? services) : IScopeAliases
{
    public async ValueTask<string?> ResolveAsync(PeerId scope, string alias, CancellationToken cancellationToken)
    {
        if (services is null)
            return null;
        var service = await services.TryGetAsync(scope.ToString(), alias, cancellationToken).ConfigureAwait(false);
        return service?.Id;
    }
}
