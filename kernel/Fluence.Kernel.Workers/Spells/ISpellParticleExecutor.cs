using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// Where the sorcerer hands the particles spells fire: the particle pipeline, which executes them locally in
/// <see cref="SpellParticle.Scope"/> (as Nox's <c>aquamarine.execute</c>). Returns once the particle is accepted for
/// execution, not when it finishes, so a slow script never delays the spell's next firing.
/// </summary>
public interface ISpellParticleExecutor
{
    ValueTask ExecuteAsync(SpellParticle spellParticle, CancellationToken cancellationToken);
}

/// <summary>A signed spell particle (<c>spell_&lt;id&gt;_&lt;counter&gt;</c>, init peer = the scope) and where it runs.</summary>
public sealed record SpellParticle(Particle Particle, PeerId Scope, string SpellId);
