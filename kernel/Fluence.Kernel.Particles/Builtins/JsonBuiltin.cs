using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;

namespace Fluence.Kernel.Particles.Builtins;

/// <summary><c>json</c>: build, update, parse and print JSON objects.</summary>
public sealed class JsonBuiltin : KernelBuiltinService
{
    public override string ServiceId => "json";

    protected override ValueTask<FunctionOutcome> CallFunctionAsync(ServiceCall call, BuiltinArguments args, CancellationToken cancellationToken)
    {
        switch (call.FunctionName)
        {
            case "obj":
                return Ok(Put(new JsonObject(), args.All));
            case "put":
            {
                var obj = Clone(args.NextObject("object"));
                obj[args.NextString("key")] = args.Next("value")?.DeepClone();
                return Ok(obj);
            }
            case "puts":
            {
                var obj = Clone(args.NextObject("object"));
                return Ok(Put(obj, args.Rest()));
            }
            case "parse":
                try
                {
                    return Ok(JsonNode.Parse(args.NextString("string")));
                }
                catch (JsonException e)
                {
                    return Error($"json.parse: {e.Message}");
                }
            case "stringify":
                return Ok(args.Next("value")?.ToJsonString() ?? "null");
            case "obj_pairs":
                return Ok(PutPairs(new JsonObject(), args.NextArray("pairs")));
            case "puts_pairs":
            {
                var obj = Clone(args.NextObject("object"));
                return Ok(PutPairs(obj, args.NextArray("pairs")));
            }
            default:
                return NotDefined;
        }
    }

    private static JsonObject Clone(JsonObject obj) => (JsonObject)obj.DeepClone();

    private static JsonObject Put(JsonObject obj, IReadOnlyList<JsonNode?> keysAndValues)
    {
        if (keysAndValues.Count % 2 != 0)
            throw new BuiltinArgumentException("expected an even number of arguments: keys and values");
        for (int i = 0; i < keysAndValues.Count; i += 2)
            obj[BuiltinArguments.AsString(keysAndValues[i], "key")] = keysAndValues[i + 1]?.DeepClone();
        return obj;
    }

    private static JsonObject PutPairs(JsonObject obj, JsonArray pairs)
    {
        foreach (var pair in pairs)
        {
            if (pair is not JsonArray { Count: 2 } kv)
                throw new BuiltinArgumentException("each pair must be an array of [key, value]");
            obj[BuiltinArguments.AsString(kv[0], "key")] = kv[1]?.DeepClone();
        }
        return obj;
    }
}
