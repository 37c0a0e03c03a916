using Fluence.Kernel.Identity;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Workers;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Composition;

/// <summary>The spells' aliases as the services layer sees them: part of the scope's one alias namespace.</summary>
public sealed class SpellAliasesForServices(SpellStorage spells) : IExternalAliases
{
    public string? Resolve(string scope, string alias)
    {
        if (!PeerId.TryParse(scope, out var peer))
            return null;
        try
        {
            return spells.GetDatabase(peer).ResolveAlias(alias);
        }
        catch (WorkerException)
        {
            // A scope that is neither the host nor a worker holds no spells.
            return null;
        }
    }
}
