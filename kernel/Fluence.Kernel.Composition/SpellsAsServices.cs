using Fluence.Kernel.Identity;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Workers;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Composition;

/// <summary>
/// A scope's spells as the services layer sees them: services of type <c>spell</c> in the scope's one namespace of
/// ids and aliases (Nox runs spells as services of a spell blueprint). A spell holds at most one alias.
/// </summary>
public sealed class SpellsAsServices(SpellStorage spells) : IExternalServices
{
    /// <summary>
    /// The <c>blueprint_id</c> spells report: Nox's is the hash of its spell module's blueprint, while spells here run
    /// on the peer itself, without a module.
    /// </summary>
    public const string SpellBlueprintId = "spell";

    public string? ResolveAlias(string scope, string alias) => Database(scope)?.ResolveAlias(alias);

    public AppServiceInfo? TryGet(string scope, string idOrAlias) =>
        Database(scope)?.FindSpell(idOrAlias) is { } spell ? InfoOf(scope, spell) : null;

    public IReadOnlyList<AppServiceInfo> List(string scope) =>
        Database(scope)?.ListSpells().Select(spell => InfoOf(scope, spell)).ToArray() ?? [];

    public bool TryAddAlias(string scope, string alias, string id)
    {
        var database = Database(scope);
        if (database is null || !database.SpellExists(id))
            return false;
        database.SetAlias(id, alias);
        return true;
    }

    private static AppServiceInfo InfoOf(string scope, StoredSpell spell) =>
        new(spell.SpellId, SpellBlueprintId, spell.OwnerId ?? scope, scope, spell.Alias is { } alias ? [alias] : [], AppServiceInfo.SpellKind);

    private SpellDatabase? Database(string scope)
    {
        if (!PeerId.TryParse(scope, out var peer))
            return null;
        try
        {
            return spells.GetDatabase(peer);
        }
        catch (WorkerException)
        {
            // A scope that is neither the host nor a worker holds no spells.
            return null;
        }
    }
}
