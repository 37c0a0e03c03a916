using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Workers.Scopes;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Builtins;

/// <summary>
/// The <c>worker</c> builtin with Nox's permission rules: <c>create</c>, <c>activate</c> and <c>deactivate</c> by the
/// host or the manager; <c>remove</c> also by the worker's creator or the worker itself; reads by anyone.
/// </summary>
public sealed class WorkerBuiltin(WorkerRegistry workers, IScopeResolver scopes, Sorcerer sorcerer) : BuiltinServiceBase
{
    public override string ServiceId => "worker";

    protected override async ValueTask<FunctionOutcome> DispatchAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "create":
                return await CreateAsync(call, cancellationToken).ConfigureAwait(false);
            case "get_worker_id":
            {
                var id = workers.GetWorkerId(call.RequiredString(0, "deal_id"));
                return Ok(id is null ? new JsonArray() : new JsonArray(id.ToString()));
            }
            case "remove":
                return await RemoveAsync(call, cancellationToken).ConfigureAwait(false);
            case "list":
                return Ok(new JsonArray(workers.List().Select(w => (JsonNode?)JsonValue.Create(w.WorkerId.ToString())).ToArray()));
            case "activate":
                return await SetActiveAsync(call, active: true, cancellationToken).ConfigureAwait(false);
            case "deactivate":
                return await SetActiveAsync(call, active: false, cancellationToken).ConfigureAwait(false);
            case "is_active":
                return Ok(JsonValue.Create(WorkerOfDeal(call.RequiredString(0, "deal_id")).Active));
            default:
                return FunctionOutcome.NotDefined;
        }
    }

    private async ValueTask<FunctionOutcome> CreateAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        var dealId = call.RequiredString(0, "deal_id");
        var computeUnits = ParseComputeUnitIds(call.Arguments.Count > 1 ? call.Arguments[1] : null);
        var initPeer = call.InitPeer();
        if (!IsHostOrManager(initPeer))
            return FunctionOutcome.Error($"Only management or host peer can create a worker; init_peer_id={initPeer}");
        var worker = await workers.CreateAsync(dealId, computeUnits, initPeer, cancellationToken).ConfigureAwait(false);
        return Ok(JsonValue.Create(worker.WorkerId.ToString()));
    }

    private async ValueTask<FunctionOutcome> RemoveAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        var text = call.RequiredString(0, "worker_id");
        if (!PeerId.TryParse(text, out var workerId, out var error))
            return FunctionOutcome.Error($"invalid worker id: {error}");
        var worker = workers.Get(workerId) ?? throw new WorkerException($"Worker {workerId} not found");
        var initPeer = call.InitPeer();
        if (initPeer != worker.Creator && initPeer != workerId && !IsHostOrManager(initPeer))
            return FunctionOutcome.Error($"Worker {workerId} can be removed only by worker creator {worker.Creator}, worker itself, the host or the management peer; init_peer_id={initPeer}");
        await workers.RemoveAsync(workerId, cancellationToken).ConfigureAwait(false);
        return FunctionOutcome.Empty;
    }

    private async ValueTask<FunctionOutcome> SetActiveAsync(ServiceCall call, bool active, CancellationToken cancellationToken)
    {
        var worker = WorkerOfDeal(call.RequiredString(0, "deal_id"));
        var initPeer = call.InitPeer();
        var verb = active ? "activate" : "deactivate";
        if (!IsHostOrManager(initPeer))
            return FunctionOutcome.Error($"Only management or host peer can {verb} deal; init_peer_id={initPeer}");
        if (worker.Active == active)
            return FunctionOutcome.Error($"Deal has already been {verb}d");
        if (active)
        {
            await workers.SetActiveAsync(worker.WorkerId, true, cancellationToken).ConfigureAwait(false);
            sorcerer.StartWorkerSpell(worker.WorkerId);
        }
        else
        {
            sorcerer.StopWorkerSpells(worker.WorkerId);
            await workers.SetActiveAsync(worker.WorkerId, false, cancellationToken).ConfigureAwait(false);
        }
        return FunctionOutcome.Empty;
    }

    private WorkerInfo WorkerOfDeal(string dealId)
    {
        var id = workers.GetWorkerId(dealId) ?? throw new WorkerException($"Worker for deal {dealId} not found");
        return workers.Get(id) ?? throw new WorkerException($"Worker for deal {dealId} not found");
    }

    private bool IsHostOrManager(PeerId peer) => scopes.IsHost(peer) || scopes.IsManagement(peer);

    /// <summary><c>cu_ids: [][]u8</c> (Aqua bytes) or hex strings (Nox 0.28's CUID); kept as lowercase hex.</summary>
    private static List<string> ParseComputeUnitIds(JsonNode? node)
    {
        if (node is null)
            return [];
        if (node is not JsonArray array)
            throw new BuiltinArgumentException($"argument 'cu_ids' must be an array of compute unit ids, got {BuiltinArguments.Describe(node)}");
        var ids = new List<string>(array.Count);
        foreach (var item in array)
        {
            switch (item)
            {
                case JsonArray bytes:
                {
                    var buffer = new byte[bytes.Count];
                    for (var i = 0; i < bytes.Count; i++)
                    {
                        if (!JsonNumbers.TryGetInteger(bytes[i], out var value) || value is < 0 or > 255)
                            throw new BuiltinArgumentException($"argument 'cu_ids': a compute unit id must be bytes (0..255), got {BuiltinArguments.Describe(bytes[i])}");
                        buffer[i] = (byte)value;
                    }
                    ids.Add(Convert.ToHexStringLower(buffer));
                    break;
                }
                case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                {
                    var hex = text.GetValue<string>();
                    if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                        hex = hex[2..];
                    if (hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
                        throw new BuiltinArgumentException($"argument 'cu_ids': '{text.GetValue<string>()}' is not a hex compute unit id");
                    ids.Add(hex.ToLowerInvariant());
                    break;
                }
                default:
                    throw new BuiltinArgumentException($"argument 'cu_ids': a compute unit id must be bytes or a hex string, got {BuiltinArguments.Describe(item)}");
            }
        }
        return ids;
    }
}
