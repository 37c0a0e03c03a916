using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Pipeline;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>
/// <c>sig</c>: signatures with the key of the call's scope. <c>sign</c> only signs data produced by
/// <c>registry.get_record_bytes</c> / <c>get_record_metadata_bytes</c> on this peer (Nox's restriction, so a
/// particle cannot make the peer sign arbitrary bytes).
/// </summary>
public sealed class SigBuiltin(IPeerScopes scopes) : KernelBuiltinService
{
    private static readonly string[] SignableFunctions = ["get_record_bytes", "get_record_metadata_bytes"];

    public override string ServiceId => "sig";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        var key = ScopeKey(call);
        switch (call.FunctionName)
        {
            case "get_peer_id":
                return Ok(key.PeerId.ToString());
            case "verify":
            {
                var signature = OpBuiltin.ReadBytes(args.NextArray("signature"));
                var data = OpBuiltin.ReadBytes(args.NextArray("data"));
                return Ok(key.PeerId.Verify(data, signature));
            }
            case "sign":
            {
                var data = OpBuiltin.ReadBytes(args.NextArray("data"));
                var tetraplets = call.Tetraplets.Count > 0 ? call.Tetraplets[0] : [];
                var origin = tetraplets.FirstOrDefault();
                string host = call.Context.ScopePeerId.ToString();
                if (origin is null || origin.PeerPk != host || origin.ServiceId != "registry" || !SignableFunctions.Contains(origin.FunctionName))
                {
                    var from = origin is null ? "unknown origin" : $"{origin.ServiceId}.{origin.FunctionName} on {origin.PeerPk}";
                    return Ok(SignResult(null,
                        $"data is expected to be produced by service 'registry' on peer '{host}', function 'get_record_bytes' or 'get_record_metadata_bytes', was from {from}"));
                }
                return Ok(SignResult(key.Sign(data), null));
            }
            default:
                return NotDefined;
        }
    }

    private KeyPair ScopeKey(ServiceCall call) =>
        scopes.TryGetLocal(call.Context.ScopePeerId, out var scope) ? scope.Key : scopes.Host.Key;

    private static JsonObject SignResult(byte[]? signature, string? error) => new()
    {
        ["success"] = signature is not null,
        ["error"] = error is null ? new JsonArray() : new JsonArray(error),
        ["signature"] = signature is null ? new JsonArray() : new JsonArray(new JsonArray(signature.Select(b => (JsonNode?)b).ToArray())),
    };
}
