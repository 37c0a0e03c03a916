using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Content;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// The spell service API (<c>Spell</c> of <c>spell_service.aqua</c>) answered for every spell, addressed by the
/// spell's id or alias in the scope of the call. Unlike a fixed-id builtin it resolves its service id per call:
/// the pipeline asks it after the static builtins and before app services; a service id that is no spell of the
/// scope is <see cref="FunctionOutcome.NotDefined"/>.
/// <para>Access follows the spell module: anyone reads; KV keys are written by the spell itself, or by the host
/// (<c>h_</c>/<c>hw_</c> keys) or the worker (<c>w_</c>/<c>hw_</c> keys); the script and trigger config by the owner
/// (the scope's peer); logs, errors and popping the mailbox only by the spell's own particles.</para>
/// </summary>
public sealed class SpellServices(SpellStorage storage, IEnumerable<ISpellScriptCheck>? scriptChecks = null)
{
    private readonly IReadOnlyList<ISpellScriptCheck> _scriptChecks = scriptChecks?.ToList() ?? [];

    /// <summary>Answers a call whose service id may be a spell id or alias in <see cref="ParticleContext.ScopePeerId"/>.</summary>
    public async ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        try
        {
            var scope = call.Context.ScopePeerId;
            var spellId = storage.Resolve(scope, call.ServiceId);
            if (spellId is null)
                return FunctionOutcome.NotDefined;
            if (call.FunctionName == "set_script" && IsByOwner(call)
                && await FindParseErrorAsync(call.RequiredString(0, "script"), cancellationToken).ConfigureAwait(false) is { } parseError)
            {
                return FunctionOutcome.Ok(SpellValues.Unit($"the spell script does not parse: {parseError}"));
            }
            return Dispatch(call, storage.GetDatabase(scope), spellId);
        }
        catch (Exception e) when (e is BuiltinArgumentException or WorkerException or SpellException or TriggerConfigException or Microsoft.Data.Sqlite.SqliteException)
        {
            return FunctionOutcome.Error(e.Message);
        }
    }

    private async ValueTask<string?> FindParseErrorAsync(string script, CancellationToken cancellationToken)
    {
        foreach (var check in _scriptChecks)
        {
            if (await check.FindErrorAsync(script, cancellationToken).ConfigureAwait(false) is { } error)
                return error;
        }
        return null;
    }

    /// <summary>Whether <paramref name="serviceIdOrAlias"/> names a spell in the scope.</summary>
    public bool IsSpell(PeerId scope, string serviceIdOrAlias) => storage.Resolve(scope, serviceIdOrAlias) is not null;

    private static FunctionOutcome Dispatch(ServiceCall call, SpellDatabase db, string spellId)
    {
        var role = RoleOf(call, spellId);
        JsonNode? result;
        switch (call.FunctionName)
        {
            case "get_string":
                result = SpellValues.String(db.GetString(spellId, call.RequiredString(0, "key")));
                break;
            case "set_string":
            {
                var key = call.RequiredString(0, "key");
                var value = call.RequiredString(1, "value");
                result = Guard(role, key) is { } denied ? SpellValues.Unit(denied) : Do(() => db.SetString(spellId, key, value));
                break;
            }
            case "get_u32":
                result = SpellValues.U32(db.GetU32(spellId, call.RequiredString(0, "key")));
                break;
            case "set_u32":
            {
                var key = call.RequiredString(0, "key");
                var value = call.RequiredU32(1, "value");
                result = Guard(role, key) is { } denied ? SpellValues.Unit(denied) : Do(() => db.SetU32(spellId, key, value));
                break;
            }
            case "exists":
                result = SpellValues.Bool(db.Exists(spellId, call.RequiredString(0, "key")));
                break;
            case "remove_key":
            {
                var key = call.RequiredString(0, "key");
                result = Guard(role, key) is { } denied ? SpellValues.Unit(denied) : Do(() => db.RemoveKey(spellId, key));
                break;
            }
            case "list_push_string":
            {
                var key = call.RequiredString(0, "key");
                var value = call.RequiredString(1, "value");
                result = Guard(role, key) is { } denied ? SpellValues.Unit(denied) : Do(() => db.ListPush(spellId, key, value));
                break;
            }
            case "list_pop_string":
            {
                var key = call.RequiredString(0, "key");
                result = Guard(role, key) is { } denied ? SpellValues.StringError(denied) : SpellValues.String(db.ListPop(spellId, key));
                break;
            }
            case "list_get_strings":
                result = SpellValues.StringList(db.ListGet(spellId, call.RequiredString(0, "key")));
                break;
            case "list_remove_string" or "list_remove_value":
            {
                var key = call.RequiredString(0, "key");
                var value = call.RequiredString(1, "value");
                result = Guard(role, key) is { } denied ? SpellValues.Unit(denied) : Do(() => db.ListRemove(spellId, key, value));
                break;
            }
            case "set_json_fields":
                result = SetJsonFields(db, spellId, role, call.RequiredString(0, "json"));
                break;
            case "get_script":
                result = db.GetScript(spellId) is { } stored ? SpellValues.Value(stored) : SpellValues.ValueError($"spell {spellId} has no script");
                break;
            case "set_script":
            {
                var script = call.RequiredString(0, "script");
                result = !IsByOwner(call) ? SpellValues.Unit("Only owner of the service can set the script")
                    : !AirScriptShape.TryValidate(script, out var error) ? SpellValues.Unit(error)
                    : Do(() => db.SetScript(spellId, script));
                break;
            }
            case "script_cid":
                result = db.GetScript(spellId) is { } source
                    ? SpellValues.Value(Cid.RawSha256(Encoding.UTF8.GetBytes(source)).ToString())
                    : SpellValues.ValueError($"error loading script: spell {spellId} has no script");
                break;
            case "get_trigger_config":
                result = SpellValues.TriggerConfigValue(db.GetTriggerConfig(spellId) ?? TriggerConfig.Empty);
                break;
            case "set_trigger_config":
            {
                var config = TriggerConfig.Parse(call.Required(0, "config"));
                result = IsByOwner(call) ? Do(() => db.SetTriggerConfig(spellId, config)) : SpellValues.Unit("Only owner of the service can set the trigger config");
                break;
            }
            case "store_log":
            {
                var message = call.RequiredString(0, "log");
                result = role != SpellCallerRole.Spell
                    ? SpellValues.Unit("store_log can be called only by the associated spell script")
                    : Do(() => db.StoreLog(spellId, NowSec(call), message));
                break;
            }
            case "get_logs":
                result = SpellValues.Logs(db.GetLogs(spellId));
                break;
            case "store_error":
            {
                var error = ParseLastError(call.Required(0, "error"));
                var index = call.RequiredU32(1, "error_idx");
                var timestamp = call.RequiredU64(2, "particle_timestamp");
                result = role != SpellCallerRole.Spell
                    ? SpellValues.Unit("store_error can be called only by the associated spell script")
                    : Do(() => db.StoreError(spellId, call.Context.Particle.Id, timestamp, error, index));
                break;
            }
            case "get_errors":
                result = SpellValues.ErrorEntries(db.GetErrors(spellId, call.RequiredString(0, "particle_id")));
                break;
            case "get_all_errors":
                result = SpellValues.AllErrors(db.GetAllErrors(spellId));
                break;
            case "push_mailbox":
            {
                var message = call.RequiredString(0, "message");
                result = Do(() => db.PushMailbox(spellId, call.Context.Particle.InitPeerId, NowSec(call), message));
                break;
            }
            case "pop_mailbox":
                result = role != SpellCallerRole.Spell
                    ? SpellValues.PopMailbox(null, "pop_mailbox can be called only by the associated spell script")
                    : SpellValues.PopMailbox(db.PopMailbox(spellId));
                break;
            case "get_mailbox":
                result = SpellValues.Mailbox(db.GetMailbox(spellId));
                break;
            default:
                return FunctionOutcome.NotDefined;
        }
        return FunctionOutcome.Ok(result);
    }

    /// <summary>Who calls, as the spell module sees it (its <c>authenticate</c>).</summary>
    internal static SpellCallerRole RoleOf(ServiceCall call, string spellId)
    {
        var initPeer = call.Context.Particle.InitPeerId;
        var scope = call.Context.ScopePeerId.ToString();
        if (Callers.SpellIdOfParticle(call.Context.Particle.Id) == spellId && initPeer == scope)
            return SpellCallerRole.Spell;
        if (initPeer == call.Context.HostId.ToString())
            return SpellCallerRole.Host;
        if (initPeer == scope)
            return SpellCallerRole.Worker;
        return SpellCallerRole.None;
    }

    /// <summary>Null when the role may write the key, else the error. Prefixes: <c>h_</c> host, <c>w_</c> worker, <c>hw_</c> both.</summary>
    internal static string? Guard(SpellCallerRole role, string key)
    {
        if (role == SpellCallerRole.Spell)
            return null;
        if (role == SpellCallerRole.None)
            return $"writing to the `{key}` is forbidden for any outside caller";
        var prefix = key.IndexOf('_') is var i and > 0 ? key[..i] : "";
        var allowed = prefix switch
        {
            "h" => role == SpellCallerRole.Host,
            "w" => role == SpellCallerRole.Worker,
            "hw" => true,
            _ => false,
        };
        return allowed ? null : $"writing to the `{key}` is forbidden for the callers with the role {role}";
    }

    private static JsonObject SetJsonFields(SpellDatabase db, string spellId, SpellCallerRole role, string json)
    {
        JsonObject fields;
        try
        {
            fields = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return SpellValues.Unit($"passed string must represent a JSON object: {e.Message}");
        }
        foreach (var (key, _) in fields)
        {
            if (Guard(role, key) is { } denied)
                return SpellValues.Unit(denied);
        }
        return Do(() => db.SetJsonFields(spellId, fields));
    }

    private static bool IsByOwner(ServiceCall call) => call.Context.Particle.InitPeerId == call.Context.ScopePeerId.ToString();

    private static ulong NowSec(ServiceCall call) => call.Context.Particle.Timestamp / 1000;

    private static JsonObject Do(Action action)
    {
        action();
        return SpellValues.Unit();
    }

    internal static LastError ParseLastError(JsonNode? node)
    {
        if (node is not JsonObject error)
            throw new BuiltinArgumentException($"argument 'error' must be a LastError object, got {BuiltinArguments.Describe(node)}");
        uint code = 0;
        if (JsonNumbers.TryGetInteger(error["error_code"], out var number))
            code = (uint)Math.Clamp(number, 0, uint.MaxValue);
        return new LastError(code, Text(error["instruction"]), Text(error["message"]), Text(error["peer_id"]));

        static string Text(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : n?.ToJsonString() ?? "";
    }
}

/// <summary>The spell module's caller roles.</summary>
public enum SpellCallerRole
{
    None,
    Worker,
    Host,
    Spell,
}
