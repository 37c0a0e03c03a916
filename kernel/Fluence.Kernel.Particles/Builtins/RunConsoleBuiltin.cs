using Fluence.Kernel.Builtins;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>run-console.print</c>: writes its arguments to the peer's log (guarded: host particles only).</summary>
public sealed class RunConsoleBuiltin(ILogger<RunConsoleBuiltin> logger) : KernelBuiltinService
{
    public override string ServiceId => "run-console";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        if (call.FunctionName != "print")
            return NotDefined;
        if (!BuiltinGuards.IsHostOrScope(call))
            return Error(BuiltinGuards.Forbidden(call));
        logger.LogInformation("run-console ({ParticleId}): {Text}", call.Context.Particle.Id, DebugBuiltin.Stringify(args.All));
        return Empty;
    }
}
