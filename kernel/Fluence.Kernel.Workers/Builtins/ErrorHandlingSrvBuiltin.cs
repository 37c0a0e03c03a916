using Fluence.Kernel.Builtins;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary><c>errorHandlingSrv.error(last_error, error_idx)</c> in a spell's particle: stores the error with the particle's timestamp.</summary>
public sealed class ErrorHandlingSrvBuiltin(SpellStorage storage) : BuiltinServiceBase
{
    public override string ServiceId => "errorHandlingSrv";

    protected override ValueTask<FunctionOutcome> DispatchAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        if (call.FunctionName != "error" || !SpellContext.TryGet(call, storage, out var database, out var spellId))
            return ValueTask.FromResult(FunctionOutcome.NotDefined);
        var error = SpellServices.ParseLastError(call.Required(0, "error"));
        var index = call.Arguments.Count > 1 ? call.RequiredU32(1, "error_idx") : 0u;
        var particle = call.Context.Particle;
        database.StoreError(spellId, particle.Id, particle.Timestamp, error, index);
        return ValueTask.FromResult(FunctionOutcome.Empty);
    }
}
