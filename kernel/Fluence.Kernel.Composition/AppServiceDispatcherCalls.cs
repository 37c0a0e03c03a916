using Fluence.Kernel.Builtins;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Services.AppServices;

namespace Fluence.Kernel.Composition;

/// <summary>The pipeline's app-service step (lookup order, last step) answered by the services layer.</summary>
public sealed class AppServiceDispatcherCalls(AppServiceDispatcher dispatcher) : IAppServiceCalls
{
    public ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken) =>
        dispatcher.CallAsync(call, cancellationToken);
}
