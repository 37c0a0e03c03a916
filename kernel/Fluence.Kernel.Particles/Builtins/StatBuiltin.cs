using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Particles.Pipeline;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary>
/// <c>stat</c>: statistics of app services. Until app services exist (another issue) every service is unknown, and
/// <c>service_stat</c> answers with Nox's failure shape <c>{status: false, error, result: []}</c>.
/// </summary>
public sealed class StatBuiltin : KernelBuiltinService
{
    public override string ServiceId => "stat";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "service_stat":
            {
                var id = args.NextString("service_id");
                return Ok(new JsonObject
                {
                    ["status"] = false,
                    ["error"] = $"Service with id '{id}' not found",
                    ["result"] = new JsonArray(),
                });
            }
            case "service_memory":
            {
                var id = args.NextString("service_id");
                return Error($"Service with id '{id}' not found");
            }
            default:
                return NotDefined;
        }
    }
}
