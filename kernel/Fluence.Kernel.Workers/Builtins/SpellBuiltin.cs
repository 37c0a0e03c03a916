using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Workers.Scopes;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// The <c>spell</c> builtin in the scope the call runs in: <c>install(script, init_args, config, alias?)</c>,
/// <c>remove(spell_id_or_alias)</c>, <c>list()</c>, <c>update_trigger_config(spell_id_or_alias, config)</c>. In the
/// host scope only the host or the manager may change spells; in a worker scope also the worker itself (its spells)
/// and the worker's creator.
/// </summary>
public sealed class SpellBuiltin(
    Sorcerer sorcerer,
    SpellStorage storage,
    WorkerRegistry workers,
    IScopeResolver scopes,
    IEnumerable<ISpellScriptCheck> scriptChecks,
    IEnumerable<IScopeAliases> aliases) : BuiltinServiceBase
{
    public override string ServiceId => "spell";

    protected override async ValueTask<FunctionOutcome> DispatchAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        var scope = call.Context.ScopePeerId;
        if (call.FunctionName == "install")
            return await InstallAsync(call, scope, cancellationToken).ConfigureAwait(false);
        var outcome = call.FunctionName switch
        {
            "remove" => Remove(call, scope),
            "list" => Ok(new JsonArray(sorcerer.List(scope).Select(id => (JsonNode?)JsonValue.Create(id)).ToArray())),
            "update_trigger_config" => UpdateTriggerConfig(call, scope),
            _ => FunctionOutcome.NotDefined,
        };
        return outcome;
    }

    private async ValueTask<FunctionOutcome> InstallAsync(ServiceCall call, PeerId scope, CancellationToken cancellationToken)
    {
        var script = call.RequiredString(0, "script");
        var initArgs = call.Required(1, "init_args");
        var config = TriggerConfig.Parse(call.Required(2, "trigger_config"));
        var alias = call.OptionalString(3, "alias");
        if (Forbidden(call, scope, "install a spell") is { } denied)
            return denied;
        if (!AirScriptShape.TryValidate(script, out var shapeError))
            throw new SpellException(shapeError);
        foreach (var check in scriptChecks)
        {
            if (await check.FindErrorAsync(script, cancellationToken).ConfigureAwait(false) is { } parseError)
                throw new SpellException($"the spell script does not parse: {parseError}");
        }
        if (!string.IsNullOrEmpty(alias))
        {
            // One alias namespace per scope: a spell alias never silently shadows or steals a service's alias.
            foreach (var other in aliases)
            {
                if (await other.ResolveAsync(scope, alias, cancellationToken).ConfigureAwait(false) is { } holder)
                    throw new SpellException($"Cannot install the spell with alias '{alias}': the alias already names service {holder} in scope {scope}");
            }
        }
        return Ok(JsonValue.Create(sorcerer.Install(scope, script, initArgs, config, alias, call.InitPeer().ToString())));
    }

    private FunctionOutcome Remove(ServiceCall call, PeerId scope)
    {
        var idOrAlias = call.RequiredString(0, "spell_id");
        if (Forbidden(call, scope, $"remove spell {idOrAlias}") is { } denied)
            return denied;
        var spellId = storage.Resolve(scope, idOrAlias) ?? throw new SpellException($"Spell {idOrAlias} not found in scope {scope}");
        sorcerer.Remove(scope, spellId);
        return FunctionOutcome.Empty;
    }

    private FunctionOutcome UpdateTriggerConfig(ServiceCall call, PeerId scope)
    {
        var idOrAlias = call.RequiredString(0, "spell_id");
        var config = TriggerConfig.Parse(call.Required(1, "config"));
        if (Forbidden(call, scope, $"update the trigger config of spell {idOrAlias}") is { } denied)
            return denied;
        var spellId = storage.Resolve(scope, idOrAlias) ?? throw new SpellException($"Spell {idOrAlias} not found in scope {scope}");
        sorcerer.UpdateTriggerConfig(scope, spellId, config);
        return FunctionOutcome.Empty;
    }

    private FunctionOutcome? Forbidden(ServiceCall call, PeerId scope, string what)
    {
        var initPeer = call.InitPeer();
        if (scopes.IsHost(initPeer) || scopes.IsManagement(initPeer))
            return null;
        if (scopes.IsHost(scope))
            return FunctionOutcome.Error($"Failed to {what} in the root scope: only the host or the management peer can; init_peer_id={initPeer}");
        var worker = workers.Get(scope) ?? throw new WorkerException($"Worker {scope} not found");
        if (initPeer == worker.WorkerId || initPeer == worker.Creator)
            return null;
        return FunctionOutcome.Error($"Failed to {what} on worker {scope}: only the worker creator {worker.Creator}, the worker itself, the host or the management peer can; init_peer_id={initPeer}");
    }
}
