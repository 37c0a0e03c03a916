using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>math</c>: checked 64-bit integer arithmetic; overflow and division by zero are call errors.</summary>
public sealed class MathBuiltin : KernelBuiltinService
{
    public override string ServiceId => "math";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        try
        {
            return call.FunctionName switch
            {
                "add" => Ok(checked(args.NextInt64("x") + args.NextInt64("y"))),
                "sub" => Ok(checked(args.NextInt64("x") - args.NextInt64("y"))),
                "mul" => Ok(checked(args.NextInt64("x") * args.NextInt64("y"))),
                "fmul" => Ok(FloorToInt64(args.NextDouble("x") * args.NextDouble("y"))),
                "div" => Ok(Divide(args.NextInt64("x"), args.NextInt64("y"))),
                "rem" => Ok(Remainder(args.NextInt64("x"), args.NextInt64("y"))),
                "pow" => Ok(Power(args.NextInt64("x"), args.NextUInt64("y"))),
                "log" => Ok(Log(args.NextInt64("x"), args.NextInt64("y"))),
                _ => NotDefined,
            };
        }
        catch (OverflowException)
        {
            return Error($"math.{call.FunctionName}: overflow");
        }
    }

    private static long FloorToInt64(double value) =>
        double.IsFinite(value) && value >= long.MinValue && value < 9.2233720368547758E18 ? (long)Math.Floor(value) : throw new OverflowException();

    private static long Divide(long x, long y) =>
        y == 0 ? throw new BuiltinArgumentException("math.div: division by zero") : checked(x / y);

    private static long Remainder(long x, long y) =>
        y == 0 ? throw new BuiltinArgumentException("math.rem: division by zero") : x == long.MinValue && y == -1 ? 0 : x % y;

    private static long Power(long x, ulong y)
    {
        if (y > uint.MaxValue)
            throw new BuiltinArgumentException("math.pow: exponent must be a u32");
        long result = 1;
        for (ulong i = 0; i < y; i++)
        {
            result = checked(result * x);
            if (result == 0 || result == 1)
                break;
        }
        return result;
    }

    /// <summary>Integer logarithm of <paramref name="x"/> in base <paramref name="y"/> (floor), as <c>i64::checked_ilog</c>.</summary>
    private static uint Log(long x, long y)
    {
        if (x <= 0 || y < 2)
            throw new BuiltinArgumentException("math.log: the value must be positive and the base at least 2");
        uint result = 0;
        while (x >= y)
        {
            x /= y;
            result++;
        }
        return result;
    }
}
