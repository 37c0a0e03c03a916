using Fluence.Kernel.Builtins;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Workers.Builtins;

namespace Fluence.Kernel.Workers.Pipeline;

/// <summary>
/// Spells answered at the app-service step of the lookup order (a spell is a service of its scope, by id or alias),
/// then <paramref name="next"/> (the Marine app services) for anything that is not a spell.
/// </summary>
public sealed class SpellServiceCalls(SpellServices spells, IAppServiceCalls? next = null) : IAppServiceCalls
{
    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        var outcome = await spells.CallAsync(call, cancellationToken).ConfigureAwait(false);
        if (outcome is not FunctionOutcome.NotDefinedOutcome || next is null)
            return outcome;
        return await next.CallAsync(call, cancellationToken).ConfigureAwait(false);
    }
}
