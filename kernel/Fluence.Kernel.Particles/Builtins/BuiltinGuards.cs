using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>Nox's "guarded" functions: callable only by particles the host (or the scope itself) originated.</summary>
internal static class BuiltinGuards
{
    public static bool IsHostOrScope(ServiceCall call)
    {
        var init = call.Context.Particle.InitPeerId;
        return init == call.Context.HostId.ToString() || init == call.Context.ScopePeerId.ToString();
    }

    public static string Forbidden(ServiceCall call) =>
        $"function {call.ServiceId}.{call.FunctionName} is only available to the host peer, called by {call.Context.Particle.InitPeerId}";
}
