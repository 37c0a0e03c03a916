using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Newtonsoft.Json;

namespace Fluence.Kernel.TestPlugins;

/// <summary>A builtin answering with the Newtonsoft.Json this plugin actually loaded (its private dependency).</summary>
internal sealed class NewtonsoftBuiltin(string serviceId) : IBuiltinService
{
    public string ServiceId => serviceId;

    public ValueTask<FunctionOutcome> CallAsync(ServiceCall call, CancellationToken cancellationToken) => call.FunctionName switch
    {
        "version" => ValueTask.FromResult(FunctionOutcome.Ok(JsonValue.Create(typeof(JsonConvert).Assembly.GetName().Version!.ToString()))),
        "serialize" => ValueTask.FromResult(FunctionOutcome.Ok(JsonValue.Create(JsonConvert.SerializeObject(new { answer = 42 })))),
        _ => ValueTask.FromResult(FunctionOutcome.NotDefined),
    };
}
