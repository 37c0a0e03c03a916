using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>cmp</c>: comparisons of 64-bit integers.</summary>
public sealed class CmpBuiltin : KernelBuiltinService
{
    public override string ServiceId => "cmp";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        if (call.FunctionName is not ("gt" or "gte" or "lt" or "lte" or "cmp"))
            return NotDefined;
        long x = args.NextInt64("x");
        long y = args.NextInt64("y");
        return call.FunctionName switch
        {
            "gt" => Ok(x > y),
            "gte" => Ok(x >= y),
            "lt" => Ok(x < y),
            "lte" => Ok(x <= y),
            _ => Ok(x.CompareTo(y) switch { < 0 => -1, 0 => 0, _ => 1 }),
        };
    }
}
