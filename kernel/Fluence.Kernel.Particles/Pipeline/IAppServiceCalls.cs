using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// The last step of the lookup order (Nox §3.2 step 5): Marine app services of the call's scope, by id or alias.
/// Registered by the services issue; without it, calls that no builtin answers fail with "not found".
/// </summary>
public interface IAppServiceCalls
{
    /// <summary><see cref="FunctionOutcome.NotDefined"/> when the scope has no such service.</summary>
    ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken);
}
