using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// The scenario's services. A call of <c>svc.fn</c> on peer P is answered by the first key present among
/// <c>"@P svc.fn"</c>, <c>"@P svc.*"</c>, <c>"svc.fn"</c>, <c>"svc.*"</c>, <c>"*.fn"</c>, <c>"*"</c>; then by the
/// built-ins (<c>op.identity</c>, <c>op.noop</c>, <c>op.array</c>, <c>op.concat</c>; <c>return.*</c>,
/// <c>callbackSrv.response</c> and <c>errorHandlingSrv.error</c> capture); anything else answers ret_code 1 with
/// js-client's "No service found" text.
/// </summary>
public sealed class ServiceTable
{
    public static ServiceTable Empty { get; } = new(new Dictionary<string, ServiceSpec>());

    private static readonly IReadOnlyDictionary<string, ServiceSpec> Builtins = new Dictionary<string, ServiceSpec>(StringComparer.Ordinal)
    {
        ["op.identity"] = new IdentitySpec { Key = "\"identity\"" },
        ["op.noop"] = new NoopSpec { Key = "\"noop\"" },
        ["op.array"] = new EchoSpec { Key = "\"echo\"" },
        ["op.concat"] = new ConcatSpec { Key = "\"concat\"" },
    };

    private static readonly CaptureSpec Capture = new() { Key = "\"capture\"" };

    private readonly IReadOnlyDictionary<string, ServiceSpec> _entries;

    public ServiceTable(IReadOnlyDictionary<string, ServiceSpec> entries) => _entries = entries;

    public IReadOnlyDictionary<string, ServiceSpec> Entries => _entries;

    /// <exception cref="AirScenarioException"/>
    public static ServiceTable FromJson(JsonObject table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var entries = new Dictionary<string, ServiceSpec>(StringComparer.Ordinal);
        foreach (var (key, spec) in table)
            entries[key] = ServiceSpec.FromJson(spec, $"services[\"{key}\"]");
        return new ServiceTable(entries);
    }

    /// <summary>The spec answering <paramref name="serviceId"/>.<paramref name="functionName"/> on <paramref name="peer"/>, or null when nothing does.</summary>
    public ServiceSpec? Find(string peer, string serviceId, string functionName)
    {
        string[] keys = [$"@{peer} {serviceId}.{functionName}", $"@{peer} {serviceId}.*", $"{serviceId}.{functionName}", $"{serviceId}.*", $"*.{functionName}", "*"];
        foreach (var key in keys)
        {
            if (_entries.TryGetValue(key, out var spec))
                return spec;
        }
        if (Builtins.TryGetValue($"{serviceId}.{functionName}", out var builtin))
            return builtin;
        if (serviceId == "return" || (serviceId, functionName) is ("callbackSrv", "response") or ("errorHandlingSrv", "error"))
            return Capture;
        return null;
    }

    internal CallServiceResult Answer(string peer, CallRequest request, ServiceCallContext context)
    {
        var spec = Find(peer, request.ServiceId, request.FunctionName);
        if (spec is not null)
            return spec.Answer(request.Arguments, context);
        var arguments = JsJson.Stringify(new JsonArray(request.Arguments.Select(a => a?.DeepClone()).ToArray()));
        var message = $"No service found for service call: serviceId='{request.ServiceId}', fnName='{request.FunctionName}' args='{arguments}'";
        return new CallServiceResult(1, JsJson.Stringify(JsonValue.Create(message)));
    }
}
