using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>debug.stringify</c>: the JSON text of its argument (of all arguments as an array when several).</summary>
public sealed class DebugBuiltin : KernelBuiltinService
{
    public override string ServiceId => "debug";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken) =>
        call.FunctionName switch
        {
            "stringify" => Ok(Stringify(args.All)),
            _ => NotDefined,
        };

    internal static string Stringify(IReadOnlyList<JsonNode?> values) => values.Count switch
    {
        0 => "<empty argument list>",
        1 => values[0]?.ToJsonString() ?? "null",
        _ => new JsonArray(values.Select(v => v?.DeepClone()).ToArray()).ToJsonString(),
    };
}
