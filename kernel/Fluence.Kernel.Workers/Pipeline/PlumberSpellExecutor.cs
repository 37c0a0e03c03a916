using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Pipeline;

/// <summary>
/// Hands spell particles to the particle pipeline's plumber in the spell's scope (Nox's <c>aquamarine.execute</c>).
/// The plumber is resolved on first use: it depends (through the builtins) on the sorcerer, which depends on this.
/// </summary>
public sealed class PlumberSpellExecutor(Func<IParticlePlumber> plumber, IPeerScopes scopes) : ISpellParticleExecutor
{
    private readonly Lazy<IParticlePlumber> _plumber = new(plumber);

    public async ValueTask ExecuteAsync(SpellParticle spellParticle, CancellationToken cancellationToken)
    {
        if (!scopes.TryGetLocal(spellParticle.Scope, out var scope))
            throw new SpellException($"scope {spellParticle.Scope} of spell {spellParticle.SpellId} is not local");
        if (!await _plumber.Value.IngestAsync(spellParticle.Particle, scope, cancellationToken).ConfigureAwait(false))
            throw new SpellException($"the pipeline did not accept {spellParticle.Particle}");
    }
}
