using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Services.AppServices;

/// <summary>
/// The last step of the lookup order: a call whose service id (or alias) names an app service of the call's scope
/// (<see cref="ParticleContext.ScopePeerId"/>) runs its facade function with the call's JSON arguments and Marine
/// <see cref="CallParameters"/>. Anything else is <see cref="FunctionOutcome.NotDefined"/>.
/// </summary>
public sealed class AppServiceDispatcher(AppServiceRegistry services)
{
    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        var scope = call.Context.ScopePeerId.ToString();
        if (await services.TryGetAsync(scope, call.ServiceId, cancellationToken).ConfigureAwait(false) is null)
            return FunctionOutcome.NotDefined;
        var arguments = new JsonArray(call.Arguments.Select(a => a?.DeepClone()).ToArray());
        try
        {
            var result = await services.CallAsync(scope, call.ServiceId, call.FunctionName, arguments, info => CallParametersOf(call, info), cancellationToken).ConfigureAwait(false);
            return FunctionOutcome.Ok(result);
        }
        catch (Exception ex) when (ex is WasmCallException or ServiceException)
        {
            return FunctionOutcome.Error(ex.Message);
        }
    }

    private static CallParameters CallParametersOf(ServiceCall call, AppServiceInfo info)
    {
        var particle = call.Context.Particle;
        return new CallParameters(
            new ParticleParameters(particle.Id, particle.InitPeerId, particle.Timestamp, particle.Ttl, particle.Script, particle.Signature, Token: ""),
            ServiceId: info.Id,
            ServiceCreatorPeerId: info.OwnerId,
            HostId: call.Context.HostId.ToString(),
            WorkerId: info.Scope,
            Tetraplets: call.Tetraplets);
    }
}
