using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Services.AppServices;

namespace Fluence.Kernel.Services.Builtins;

/// <summary>
/// <c>srv</c>: app services of the call's scope — <c>create(blueprint_id)</c>, <c>remove(id_or_alias)</c>,
/// <c>list()</c>, <c>add_alias(alias, service_id)</c>, <c>resolve_alias(alias)</c>, <c>resolve_alias_opt(alias)</c>,
/// <c>get_interface(service_id)</c>, <c>info(id_or_alias)</c>. The scope's spells are services of type <c>spell</c>
/// here, as on Nox: listed, described, aliased; removed only by <c>spell.remove</c>.
/// </summary>
public sealed class SrvBuiltinService(AppServiceRegistry services, ManagementGuard guard) : ServicesBuiltin
{
    public override string ServiceId => "srv";

    private protected override async ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, CallArguments args, CancellationToken cancellationToken)
    {
        var scope = call.Context.ScopePeerId.ToString();
        switch (call.FunctionName)
        {
            case "create":
            {
                guard.Demand(call);
                var id = await services.CreateAsync(args.NextString("blueprint_id"), scope, call.Context.Particle.InitPeerId, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(id);
            }
            case "remove":
            {
                var idOrAlias = args.NextString("service_id_or_alias");
                var info = await services.GetInScopeAsync(scope, idOrAlias, cancellationToken).ConfigureAwait(false);
                // As on Nox: a spell is a service, but only spell.remove stops it (its triggers, its database).
                if (info.IsSpell)
                    throw new ServiceException($"Forbidden: {call.Context.Particle.InitPeerId} cannot remove '{idOrAlias}' with srv.remove: it is a spell; use spell.remove");
                // The owner may remove their own service; anyone else needs management rights.
                if (info.OwnerId != call.Context.Particle.InitPeerId)
                    guard.Demand(call);
                await services.RemoveAsync(scope, idOrAlias, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Empty;
            }
            case "list":
            {
                var list = await services.ListScopeAsync(scope, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(new JsonArray(list.Select(s => (JsonNode)s.ToJson()).ToArray()));
            }
            case "add_alias":
            {
                guard.Demand(call);
                var alias = args.NextString("alias");
                var serviceId = args.NextString("service_id");
                await services.AddAliasAsync(scope, alias, serviceId, cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Empty;
            }
            case "resolve_alias":
            {
                var alias = args.NextString("alias");
                var id = await services.TryResolveAliasAsync(scope, alias, cancellationToken).ConfigureAwait(false)
                    ?? throw new ServiceException($"Service with alias '{alias}' not found");
                return FunctionOutcome.Ok(id);
            }
            case "resolve_alias_opt":
            {
                var id = await services.TryResolveAliasAsync(scope, args.NextString("alias"), cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(id is null ? new JsonArray() : new JsonArray(id));
            }
            case "get_interface":
            {
                var serviceInterface = await services.GetInterfaceAsync(scope, args.NextString("service_id"), cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(serviceInterface.ToJson());
            }
            case "info":
            {
                var info = await services.GetInScopeAsync(scope, args.NextString("service_id_or_alias"), cancellationToken).ConfigureAwait(false);
                return FunctionOutcome.Ok(info.ToJson());
            }
            default:
                return FunctionOutcome.NotDefined;
        }
    }
}
