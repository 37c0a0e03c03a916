using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// <c>getDataSrv</c> in a spell's particle: <c>spell_id</c>, <c>-relay-</c> (the host) and any other name read from
/// the spell's KV as JSON (init args and <c>callbackSrv.response</c> fields). Outside spell particles: not defined.
/// </summary>
public sealed class GetDataSrvBuiltin(SpellStorage storage) : BuiltinServiceBase
{
    public override string ServiceId => "getDataSrv";

    protected override ValueTask<FunctionOutcome> DispatchAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        if (!SpellContext.TryGet(call, storage, out var database, out var spellId))
            return ValueTask.FromResult(FunctionOutcome.NotDefined);
        var outcome = call.FunctionName switch
        {
            "spell_id" => Ok(JsonValue.Create(spellId)),
            "-relay-" => Ok(JsonValue.Create(call.Context.HostId.ToString())),
            var key => Read(database, spellId, key),
        };
        return ValueTask.FromResult(outcome);
    }

    private static FunctionOutcome Read(SpellDatabase database, string spellId, string key)
    {
        var value = database.GetString(spellId, key);
        if (!value.Present)
            return FunctionOutcome.Error($"Failed to get argument {key} for spell {spellId}: value not found");
        try
        {
            return Ok(JsonNode.Parse(value.Value!));
        }
        catch (JsonException e)
        {
            return FunctionOutcome.Error($"Failed to parse argument `{key} -> {value.Value}` for spell {spellId}: {e.Message}");
        }
    }
}
