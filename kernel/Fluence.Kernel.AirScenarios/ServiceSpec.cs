using System.Text.Json.Nodes;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// How a simulated service answers a call (aquavm.md §6): <c>"identity"</c>, <c>"echo"</c>, <c>"concat"</c>,
/// <c>"noop"</c>, <c>"capture"</c>, <c>"fail"</c>, <c>{"fail": msg}</c>, <c>{"result": v, "ret_code": n}</c>,
/// <c>{"raw": "json text", "ret_code": n}</c>, <c>{"sequence": [spec…]}</c>. <c>{"js": …}</c> needs JavaScript and
/// is refused.
/// </summary>
public abstract record ServiceSpec
{
    /// <summary>The spec's JSON text as JavaScript prints it; identical sequences share one counter, as in the oracle.</summary>
    public required string Key { get; init; }

    internal abstract CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context);

    internal static CallServiceResult Ok(JsonNode? value) => new(0, JsJson.Stringify(value));

    /// <exception cref="AirScenarioException"/>
    public static ServiceSpec FromJson(JsonNode? spec, string where)
    {
        var key = JsJson.Stringify(spec);
        if (spec is JsonValue value && value.TryGetValue<string>(out var name))
        {
            return name switch
            {
                "identity" => new IdentitySpec { Key = key },
                "echo" => new EchoSpec { Key = key },
                "concat" => new ConcatSpec { Key = key },
                "noop" => new NoopSpec { Key = key },
                "capture" => new CaptureSpec { Key = key },
                "fail" => new FailSpec(JsonValue.Create("service failed")) { Key = key },
                _ => throw new AirScenarioException($"{where}: unknown service spec \"{name}\" (known: identity, echo, concat, noop, capture, fail)"),
            };
        }
        if (spec is not JsonObject o)
            throw new AirScenarioException($"{where}: a service spec is a name or an object, not {key}");
        // The oracle tests the keys in this order; a spec carrying several is read the same way.
        if (o.ContainsKey("fail"))
            return new FailSpec(o["fail"]?.DeepClone()) { Key = key };
        if (o.ContainsKey("raw"))
        {
            var raw = o["raw"] is JsonValue r && r.TryGetValue<string>(out var text) ? text
                : throw new AirScenarioException($"{where}: 'raw' must be the JSON text to return, as a string");
            return new RawSpec(raw, RetCode(o, where)) { Key = key };
        }
        if (o.ContainsKey("result"))
            return new ResultSpec(o["result"]?.DeepClone(), RetCode(o, where)) { Key = key };
        if (o.ContainsKey("sequence"))
        {
            if (o["sequence"] is not JsonArray items || items.Count == 0)
                throw new AirScenarioException($"{where}: 'sequence' must be a non-empty array of specs");
            return new SequenceSpec(items.Select((item, i) => FromJson(item, $"{where}.sequence[{i}]")).ToList()) { Key = key };
        }
        if (o.ContainsKey("js"))
            throw new AirScenarioException($"{where}: {{\"js\": …}} specs need a JavaScript engine; run this scenario with the Node oracle " +
                                           "(eng/components/aquavm-oracle) or replace the spec with a result, raw or sequence spec");
        throw new AirScenarioException($"{where}: unknown service spec {key} (objects: fail, raw, result, sequence)");
    }

    private static int RetCode(JsonObject o, string where) => o["ret_code"] switch
    {
        null => 0,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        var other => throw new AirScenarioException($"{where}: 'ret_code' must be a 32-bit integer, not {other.ToJsonString()}"),
    };
}

/// <summary>Fluence's <c>op.identity</c>: no argument → <c>{}</c>, one → itself, more → an error.</summary>
public sealed record IdentitySpec : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) => arguments.Count switch
    {
        0 => Ok(new JsonObject()),
        1 => Ok(arguments[0]),
        _ => new CallServiceResult(1, JsJson.Stringify(JsonValue.Create("identity accepts up to 1 arguments"))),
    };
}

/// <summary>Returns the arguments as an array (<c>op.array</c>).</summary>
public sealed record EchoSpec : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) =>
        Ok(new JsonArray(arguments.Select(a => a?.DeepClone()).ToArray()));
}

/// <summary>The arguments flattened one level (<c>op.concat</c>).</summary>
public sealed record ConcatSpec : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) =>
        Ok(new JsonArray(arguments.SelectMany(a => a is JsonArray inner ? inner.Select(i => i?.DeepClone()) : [a?.DeepClone()]).ToArray()));
}

/// <summary>Answers <c>{}</c>.</summary>
public sealed record NoopSpec : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) => Ok(new JsonObject());
}

/// <summary>Records the call (its one argument, or all of them as an array) into the report's results; answers <c>{}</c>.</summary>
public sealed record CaptureSpec : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context)
    {
        context.Results.Add(arguments.Count == 1 ? arguments[0]?.DeepClone() : new JsonArray(arguments.Select(a => a?.DeepClone()).ToArray()));
        return Ok(new JsonObject());
    }
}

/// <summary>A service error: ret_code 1 and the message as the error value.</summary>
public sealed record FailSpec(JsonNode? Message) : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) => new(1, JsJson.Stringify(Message));
}

/// <summary>A fixed value (serialised as JavaScript's JSON.stringify does) with a ret_code.</summary>
public sealed record ResultSpec(JsonNode? Value, int RetCode) : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) => new(RetCode, JsJson.Stringify(Value));
}

/// <summary>Result text passed as is (e.g. invalid JSON, to exercise the interpreter's handling of it).</summary>
public sealed record RawSpec(string Text, int RetCode) : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context) => new(RetCode, Text);
}

/// <summary>The n-th call answered by the n-th spec; the last one repeats.</summary>
public sealed record SequenceSpec(IReadOnlyList<ServiceSpec> Steps) : ServiceSpec
{
    internal override CallServiceResult Answer(IReadOnlyList<JsonNode?> arguments, ServiceCallContext context)
    {
        var index = context.NextSequenceIndex(Key);
        return Steps[Math.Min(index, Steps.Count - 1)].Answer(arguments, context);
    }
}
