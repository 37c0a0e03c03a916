using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>array</c>: sums, set operations on string arrays, slices and lengths.</summary>
public sealed class ArrayBuiltin : KernelBuiltinService
{
    public override string ServiceId => "array";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "sum":
                try
                {
                    return Ok(args.NextArray("array").Aggregate(0L, (sum, item) => checked(sum + BuiltinArguments.AsInt64(item, "array"))));
                }
                catch (OverflowException)
                {
                    return Error("array.sum: overflow");
                }
            case "dedup":
                return Ok(Strings(Text(args.NextArray("array")).Distinct(StringComparer.Ordinal)));
            case "intersect":
            {
                var left = Text(args.NextArray("xs"));
                var right = Text(args.NextArray("ys")).ToHashSet(StringComparer.Ordinal);
                return Ok(Strings(left.Where(right.Contains).Distinct(StringComparer.Ordinal)));
            }
            case "diff":
            {
                var left = Text(args.NextArray("xs"));
                var right = Text(args.NextArray("ys")).ToHashSet(StringComparer.Ordinal);
                return Ok(Strings(left.Where(x => !right.Contains(x)).Distinct(StringComparer.Ordinal)));
            }
            case "sdiff":
            {
                var left = Text(args.NextArray("xs"));
                var right = Text(args.NextArray("ys"));
                var l = left.ToHashSet(StringComparer.Ordinal);
                var r = right.ToHashSet(StringComparer.Ordinal);
                return Ok(Strings(left.Where(x => !r.Contains(x)).Concat(right.Where(x => !l.Contains(x))).Distinct(StringComparer.Ordinal)));
            }
            case "slice":
            {
                var array = args.NextArray("array");
                ulong start = args.NextUInt64("start");
                ulong end = args.NextUInt64("end");
                if (start > end || end > (ulong)array.Count)
                    return Error($"slice indexes out of bounds. start index: {start}, end index: {end}, array length: {array.Count}");
                return Ok(new JsonArray(array.Skip((int)start).Take((int)(end - start)).Select(x => x?.DeepClone()).ToArray()));
            }
            case "length":
                return Ok(args.NextArray("array").Count);
            default:
                return NotDefined;
        }
    }

    private static List<string> Text(JsonArray array) => array.Select(x => BuiltinArguments.AsString(x, "array")).ToList();

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
