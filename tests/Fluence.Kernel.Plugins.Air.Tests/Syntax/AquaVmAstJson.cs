using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Syntax;

/// <summary>
/// Renders our AST in the JSON shape of AquaVM's <c>ast</c> export (serde naming, variable positions, fold/new spans)
/// so a parsed script can be compared node for node with the real parser's output.
/// </summary>
internal static class AquaVmAstJson
{
    public static JsonNode? Of(AirInstruction instruction) => instruction switch
    {
        SeqInstruction s => Pair("Seq", s.Left, s.Right),
        ParInstruction p => Pair("Par", p.Left, p.Right),
        XorInstruction x => Pair("Xor", x.Left, x.Right),
        CallInstruction c => Tag("Call", new JsonObject
        {
            ["triplet"] = new JsonObject { ["peer_id"] = Triplet(c.PeerId), ["service_id"] = Triplet(c.ServiceId), ["function_name"] = Triplet(c.FunctionName) },
            ["args"] = new JsonArray(c.Arguments.Select(Value).ToArray()),
            ["output"] = c.Output is null ? "None" : Tag(c.Output is StreamVariable ? "Stream" : "Scalar", Named(c.Output)),
        }),
        ApInstruction a => Tag("Ap", new JsonObject
        {
            ["argument"] = ApArgument(a.Argument),
            ["result"] = Tag(a.Result is StreamVariable ? "Stream" : "Scalar", Named(a.Result)),
        }),
        ApMapInstruction m => Tag("ApMap", new JsonObject { ["key"] = MapKey(m.Key), ["value"] = ApArgument(m.Value), ["map"] = Named(m.Map) }),
        CanonInstruction c => Tag("Canon", new JsonObject { ["peer_id"] = Triplet(c.PeerId), ["stream"] = Named(c.Stream), ["canon_stream"] = Named(c.Canon) }),
        CanonMapInstruction c => Tag("CanonMap", new JsonObject { ["peer_id"] = Triplet(c.PeerId), ["stream_map"] = Named(c.Map), ["canon_stream_map"] = Named(c.Canon) }),
        CanonMapToScalarInstruction c => Tag("CanonStreamMapScalar", new JsonObject { ["peer_id"] = Triplet(c.PeerId), ["stream_map"] = Named(c.Map), ["scalar"] = Named(c.Scalar) }),
        FoldInstruction f => Tag(f.Iterable switch { StreamVariable => "FoldStream", StreamMapVariable => "FoldStreamMap", _ => "FoldScalar" }, new JsonObject
        {
            ["iterable"] = f.IsOverStream ? Named((AirVariable)f.Iterable) : FoldIterable(f.Iterable),
            ["iterator"] = Named(f.Iterator),
            ["instruction"] = Of(f.Body),
            ["last_instruction"] = f.Last is null ? null : Of(f.Last),
            ["span"] = Span(f.Span),
        }),
        NextInstruction n => Tag("Next", new JsonObject { ["iterator"] = Named(n.Iterator) }),
        NewInstruction n => Tag("New", new JsonObject
        {
            ["argument"] = Tag(n.Variable switch
            {
                ScalarVariable => "Scalar",
                StreamVariable => "Stream",
                StreamMapVariable => "StreamMap",
                CanonStreamVariable => "CanonStream",
                _ => "CanonStreamMap",
            }, Named(n.Variable)),
            ["instruction"] = Of(n.Body),
            ["span"] = Span(n.Span),
        }),
        MatchInstruction m => Tag("Match", new JsonObject { ["left_value"] = Value(m.Left), ["right_value"] = Value(m.Right), ["instruction"] = Of(m.Body) }),
        MismatchInstruction m => Tag("MisMatch", new JsonObject { ["left_value"] = Value(m.Left), ["right_value"] = Value(m.Right), ["instruction"] = Of(m.Body) }),
        FailInstruction { Value: null } f => Tag("Fail", Tag("Literal", new JsonObject { ["ret_code"] = f.Code, ["error_message"] = f.Message })),
        FailInstruction f => Tag("Fail", f.Value switch
        {
            LastErrorValue => "LastError",
            ErrorValue => "Error",
            var v => ApArgument(v),
        }),
        NeverInstruction => Tag("Never", null),
        NullInstruction => Tag("Null", null),
        _ => throw new ArgumentOutOfRangeException(nameof(instruction)),
    };

    private static JsonObject Tag(string tag, JsonNode? content) => new() { [tag] = content };

    private static JsonNode Pair(string tag, AirInstruction left, AirInstruction right) => Tag(tag, new JsonArray(Of(left), Of(right)));

    private static JsonObject Span(SourceSpan span) => new() { ["left"] = span.Start, ["right"] = span.End };

    private static JsonObject Named(AirVariable variable, AirLambda? lambda = null)
    {
        var json = new JsonObject { ["name"] = variable.Name };
        if (lambda is not null)
            json["lambda"] = Lambda(lambda);
        json["position"] = variable.Span.Start;
        return json;
    }

    private static JsonNode? Lambda(AirLambda? lambda) => lambda switch
    {
        null => null,
        LengthFunctor => Tag("Functor", "Length"),
        AccessorLambda a => Tag("ValuePath", new JsonArray(a.Accessors.Select(x => (JsonNode)(x switch
        {
            FieldAccessor f => Tag("FieldAccessByName", new JsonObject { ["field_name"] = f.Field }),
            IndexAccessor i => Tag("ArrayAccess", new JsonObject { ["idx"] = i.Index }),
            ScalarAccessor s => Tag("FieldAccessByScalar", new JsonObject { ["scalar_name"] = s.ScalarName }),
            _ => throw new ArgumentOutOfRangeException(nameof(lambda)),
        })).ToArray())),
        _ => throw new ArgumentOutOfRangeException(nameof(lambda)),
    };

    // The variants with their own "…WithLambda" tags: triplet parts, ap arguments, map keys, fold iterables, fail.
    private static JsonNode Variable(AirVariable variable)
    {
        var (kind, lambda) = variable switch
        {
            ScalarVariable s => ("Scalar", s.Lambda),
            CanonStreamVariable c => ("CanonStream", c.Lambda),
            CanonStreamMapVariable m => ("CanonStreamMap", m.Lambda),
            _ => throw new ArgumentOutOfRangeException(nameof(variable)),
        };
        return Tag(lambda is null ? kind : kind + "WithLambda", Named(variable, lambda));
    }

    private static JsonNode? Special(AirValue value) => value switch
    {
        InitPeerIdValue => "InitPeerId",
        TimestampValue => "Timestamp",
        TtlValue => "TTL",
        EmptyArrayValue => "EmptyArray",
        LastErrorValue e => Tag("LastError", Lambda(e.Lambda)),
        ErrorValue e => Tag("Error", new JsonObject { ["lens"] = Lambda(e.Lambda) }),
        LiteralValue l => Tag("Literal", l.Text),
        IntValue i => Tag("Number", Tag("Int", i.Value)),
        FloatValue f => Tag("Number", Tag("Float", f.Value)),
        BoolValue b => Tag("Boolean", b.Value),
        _ => null,
    };

    private static JsonNode Triplet(AirValue value) => Special(value) ?? Variable((AirVariable)value);

    private static JsonNode ApArgument(AirValue value) => Special(value) ?? Variable((AirVariable)value);

    private static JsonNode FoldIterable(AirValue value) => Special(value) ?? Variable((AirVariable)value);

    private static JsonNode MapKey(AirValue value) => value switch
    {
        LiteralValue l => Tag("Literal", l.Text),
        IntValue i => Tag("Int", i.Value),
        _ => Variable((AirVariable)value),
    };

    private static JsonNode Value(AirValue value)
    {
        if (Special(value) is { } special)
            return special;
        var variable = (AirVariable)value;
        var (kind, lambda) = variable switch
        {
            ScalarVariable s => ("Scalar", s.Lambda),
            CanonStreamVariable c => ("CanonStream", c.Lambda),
            CanonStreamMapVariable m => ("CanonStreamMap", m.Lambda),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };
        return lambda is null ? Tag("Variable", Tag(kind, Named(variable))) : Tag("VariableWithLambda", Tag(kind, Named(variable, lambda)));
    }
}
