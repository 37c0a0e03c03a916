using Fluence.Kernel.Builtins;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// Recognizes a call made by a spell's own particle: id <c>spell_&lt;spell id&gt;_&lt;counter&gt;</c>, originated by the
/// scope itself (only the scope's key signs such particles) and naming a spell installed in that scope.
/// </summary>
internal static class SpellContext
{
    public static bool TryGet(ServiceCall call, SpellStorage storage, out SpellDatabase database, out string spellId)
    {
        database = null!;
        spellId = Callers.SpellIdOfParticle(call.Context.Particle.Id)!;
        if (spellId is null || call.Context.Particle.InitPeerId != call.Context.ScopePeerId.ToString())
            return false;
        try
        {
            database = storage.GetDatabase(call.Context.ScopePeerId);
        }
        catch (WorkerException)
        {
            return false;
        }
        return database.SpellExists(spellId);
    }
}
