using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Pipeline;

/// <summary>Hands spell particles to the particle pipeline's plumber in the spell's scope (Nox's <c>aquamarine.execute</c>).</summary>
public sealed class PlumberSpellExecutor(IParticlePlumber plumber, IPeerScopes scopes) : ISpellParticleExecutor
{
    public async ValueTask ExecuteAsync(SpellParticle spellParticle, CancellationToken cancellationToken)
    {
        if (!scopes.TryGetLocal(spellParticle.Scope, out var scope))
            throw new SpellException($"scope {spellParticle.Scope} of spell {spellParticle.SpellId} is not local");
        if (!await plumber.IngestAsync(spellParticle.Particle, scope, cancellationToken).ConfigureAwait(false))
            throw new SpellException($"the pipeline did not accept {spellParticle.Particle}");
    }
}
