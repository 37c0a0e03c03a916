using Fluence.Kernel.Builtins;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Answers one call request of a particle (the seam of Nox's particle_functions).</summary>
public interface IServiceCallExecutor
{
    ValueTask<CallServiceResult> ExecuteAsync(ServiceCall call, CancellationToken cancellationToken);
}
