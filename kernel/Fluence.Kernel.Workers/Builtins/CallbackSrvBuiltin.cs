using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary><c>callbackSrv.response(obj?)</c> in a spell's particle: stores each field of the object in the spell's KV.</summary>
public sealed class CallbackSrvBuiltin(SpellStorage storage) : BuiltinServiceBase
{
    public override string ServiceId => "callbackSrv";

    protected override ValueTask<FunctionOutcome> DispatchAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        if (call.FunctionName != "response" || !SpellContext.TryGet(call, storage, out var database, out var spellId))
            return ValueTask.FromResult(FunctionOutcome.NotDefined);
        var response = call.Optional(0, "response");
        switch (response)
        {
            case null:
                return ValueTask.FromResult(FunctionOutcome.Empty);
            case JsonObject fields:
                database.SetJsonFields(spellId, fields);
                return ValueTask.FromResult(FunctionOutcome.Empty);
            default:
                return ValueTask.FromResult(FunctionOutcome.Error(
                    $"Failed to store response {BuiltinArguments.Describe(response)} for spell {spellId}: a response must be a JSON object"));
        }
    }
}
