using Fluence.Kernel.Builtins;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services.Builtins;

/// <summary>
/// Who may change what a scope runs (Nox's "guarded" functions): the host, the scope itself (a worker), the host's
/// manager from configuration, or anyone in dev mode.
/// </summary>
public sealed class ManagementGuard(IOptions<ServicesOptions> options)
{
    private readonly ServicesOptions _options = options.Value;

    public bool MayManage(ParticleContext context)
    {
        var init = context.Particle.InitPeerId;
        return _options.AllowAnyoneToManage
            || init == context.HostId.ToString()
            || init == context.ScopePeerId.ToString()
            || (_options.ManagementPeerId is { Length: > 0 } manager && init == manager);
    }

    public void Demand(ServiceCall call)
    {
        if (!MayManage(call.Context))
            throw new ServiceException($"Function {call.ServiceId}.{call.FunctionName} is only available to the host, its manager or the worker itself; {call.Context.Particle.InitPeerId} is neither");
    }
}
