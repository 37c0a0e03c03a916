using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Pipeline;

namespace Fluence.Kernel.Particles.Client;

/// <summary>
/// The client's own services, as js-client registers them per particle (§6.3): <c>getDataSrv.&lt;name&gt;</c> serves
/// the call's arguments and <c>getDataSrv.-relay-</c> the relay id; <c>callbackSrv.response</c> resolves the call
/// (no argument → null, one → it, more → an array); <c>errorHandlingSrv.error</c> rejects it with its first argument.
/// </summary>
internal sealed class ClientServiceCalls(string relayId) : IServiceCallExecutor
{
    public ConcurrentDictionary<string, ClientSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>The same sessions by particle id (the interpreter sees ids, not signatures); ids are fresh UUIDs.</summary>
    public ConcurrentDictionary<string, ClientSession> SessionsByParticleId { get; } = new(StringComparer.Ordinal);

    public static string SessionKey(Particle particle) => Convert.ToBase64String(particle.Signature.Span);

    public ValueTask<CallServiceResult> ExecuteAsync(ServiceCall call, CancellationToken cancellationToken)
    {
        Sessions.TryGetValue(SessionKey(call.Context.Particle), out var session);
        FunctionOutcome outcome = (call.ServiceId, call.FunctionName) switch
        {
            ("getDataSrv", "-relay-") => FunctionOutcome.Ok(relayId),
            ("getDataSrv", var name) when session is not null && session.Data.TryGetValue(name, out var value) => FunctionOutcome.Ok(value?.DeepClone()),
            ("callbackSrv", "response") when session is not null => Resolve(session, call.Arguments),
            ("errorHandlingSrv", "error") when session is not null => Reject(session, call.Arguments),
            _ => FunctionOutcome.NotDefined,
        };
        return ValueTask.FromResult(ServiceCallExecutor.ToCallResult(call, outcome));
    }

    private static FunctionOutcome Resolve(ClientSession session, IReadOnlyList<JsonNode?> arguments)
    {
        session.Result.TrySetResult(arguments.Count switch
        {
            0 => null,
            1 => arguments[0]?.DeepClone(),
            _ => new JsonArray(arguments.Select(a => a?.DeepClone()).ToArray()),
        });
        return FunctionOutcome.Empty;
    }

    private static FunctionOutcome Reject(ClientSession session, IReadOnlyList<JsonNode?> arguments)
    {
        session.Result.TrySetException(new ParticleScriptException(arguments.Count > 0 ? arguments[0]?.DeepClone() : null));
        return FunctionOutcome.Empty;
    }
}
