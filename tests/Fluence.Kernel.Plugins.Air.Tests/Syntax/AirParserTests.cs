using Fluence.Kernel.Plugins.Air.Syntax;

namespace Fluence.Kernel.Plugins.Air.Tests.Syntax;

public sealed class AirParserTests
{
    [Fact]
    public void A_call_is_parsed_with_its_parts_and_positions()
    {
        var call = Assert.IsType<CallInstruction>(AirParser.Parse("(call %init_peer_id% (\"op\" \"identity\") [1 \"a\" true] $out)"));

        Assert.IsType<InitPeerIdValue>(call.PeerId);
        Assert.Equal("op", Assert.IsType<LiteralValue>(call.ServiceId).Text);
        Assert.Equal("identity", Assert.IsType<LiteralValue>(call.FunctionName).Text);
        Assert.Equal(1, Assert.IsType<IntValue>(call.Arguments[0]).Value);
        Assert.True(Assert.IsType<BoolValue>(call.Arguments[2]).Value);
        var output = Assert.IsType<StreamVariable>(call.Output);
        Assert.Equal("$out", output.Name);
        Assert.Equal(new SourceSpan(52, 56), output.Span);
        Assert.Equal(new SourceSpan(0, 57), call.Span);
    }

    [Fact]
    public void A_lambda_keeps_its_accessors_and_its_text()
    {
        var script = "(seq (call \"p\" (\"s\" \"f\") [] x) (ap x.$.users.[0].[x].name! y))";

        var ap = Assert.IsType<ApInstruction>(Assert.IsType<SeqInstruction>(AirParser.Parse(script)).Right);

        var scalar = Assert.IsType<ScalarVariable>(ap.Argument);
        var lambda = Assert.IsType<AccessorLambda>(scalar.Lambda);
        Assert.Equal(".$.users.[0].[x].name!", lambda.Text);
        Assert.Equal<LambdaAccessor>([new FieldAccessor("users"), new IndexAccessor(0), new ScalarAccessor("x"), new FieldAccessor("name")], lambda.Accessors);
    }

    [Fact]
    public void Variable_prefixes_select_the_variable_kind()
    {
        var script = "(seq (ap 1 $s) (seq (canon \"p\" $s #$cc) (seq (ap (\"k\" 1) %m) (seq (canon \"p\" %m #%cm) (call \"p\" (\"s\" \"f\") [#$cc #$cc.length #%cm.$.k])))))";

        var call = (CallInstruction)((SeqInstruction)((SeqInstruction)((SeqInstruction)((SeqInstruction)AirParser.Parse(script)).Right).Right).Right).Right;

        Assert.IsType<CanonStreamVariable>(call.Arguments[0]);
        Assert.IsType<LengthFunctor>(Assert.IsType<CanonStreamVariable>(call.Arguments[1]).Lambda);
        Assert.IsType<CanonStreamMapVariable>(call.Arguments[2]);
    }

    [Fact]
    public void A_fold_over_a_stream_is_marked_as_writing_trace_state()
    {
        var fold = Assert.IsType<FoldInstruction>(Assert.IsType<SeqInstruction>(AirParser.Parse("(seq (ap 1 $s) (fold $s i (next i) (null)))")).Right);

        Assert.True(fold.IsOverStream);
        Assert.IsType<NullInstruction>(fold.Last);
    }

    [Theory]
    [InlineData("(fail 7 \"boom\")", 7L, "boom")]
    [InlineData("(fail -1 \"\")", -1L, "")]
    public void A_literal_fail_carries_its_code_and_message(string script, long code, string message)
    {
        var fail = Assert.IsType<FailInstruction>(AirParser.Parse(script));

        Assert.Equal(code, fail.Code);
        Assert.Equal(message, fail.Message);
    }

    [Fact]
    public void A_float_longer_than_eleven_characters_is_rejected_for_determinism()
    {
        var error = Assert.Throws<AirParseException>(() => AirParser.Parse("(ap 1.1234567890 x)"));

        Assert.Equal((1, 5), (error.First.Line, error.First.Column));
        Assert.Contains("float is too big", error.First.Message);
    }

    [Fact]
    public void A_syntax_error_reports_line_and_column()
    {
        var error = Assert.Throws<AirParseException>(() => AirParser.Parse("(seq\n  (null)\n  (nope))"));

        Assert.Equal((3, 4), (error.First.Line, error.First.Column));
        Assert.StartsWith("script.air:3:4: expected ap or call or canon", error.Message);
    }

    [Fact]
    public void An_unexpected_end_is_reported_where_the_last_token_ended()
    {
        var error = Assert.Throws<AirParseException>(() => AirParser.Parse("(seq (null) (null)   "));

        Assert.Equal(18, error.First.Span.Start);
    }

    [Fact]
    public void Every_undefined_variable_is_reported_at_its_instruction()
    {
        var error = Assert.Throws<AirParseException>(() => AirParser.Parse("(seq (call a (\"s\" \"f\") [b]) (ap c d))"));

        Assert.Equal(["variable 'a' wasn't defined", "variable 'b' wasn't defined", "variable 'c' wasn't defined"], error.Errors.Select(e => e.Message));
        Assert.Equal([5, 5, 28], error.Errors.Select(e => e.Span.Start));
    }

    [Theory]
    [InlineData("(next i)", "iterable 'i' wasn't defined")]
    [InlineData("(fold [] i (seq (next i) (next i)))", "multiple next instructions for iterator 'i' found for one fold, that is prohibited")]
    [InlineData("(fold [] i (fold [] i (null)))", "multiple iterable values found for iterator name 'i'")]
    [InlineData("(fold [] i (new i (null)))", "new can't be applied to a 'i' because it's an iterator")]
    [InlineData("(fail 0 \"m\")", "error code 0 with fail is unsupported")]
    [InlineData("(fold $s i (null))", "variable '$s' wasn't defined")]
    [InlineData("(match x 1 (new x (null)))", "variable 'x' wasn't defined")]
    [InlineData("(match x 1 (ap 1 x))", "variable 'x' wasn't defined")]
    [InlineData("(mismatch x 1 (new x (seq (ap 1 x) (ap x $s))))", "variable 'x' wasn't defined")]
    [InlineData("(seq (call %init_peer_id% (\"s\" \"f\") [x]) (new x (ap x $s)))", "variable 'x' wasn't defined")]
    public void Static_checks_reject_what_AquaVM_rejects(string script, string message)
    {
        var error = Assert.Throws<AirParseException>(() => AirParser.Parse(script));

        Assert.Equal(message, error.First.Message);
    }

    // AquaVM checks a match's operands after its body, a fold's iterable after its body, and keeps only the first use of
    // a name nothing defined yet: a use inside the body, defined by a new or fold around it there, stands for the
    // operand's (verified against avm.wasm).
    [Theory]
    [InlineData("(mismatch x 1 (new x (ap x $s)))")]
    [InlineData("(match i 1 (fold [] i (ap i $t)))")]
    [InlineData("(fold x i (new x (ap x $s)))")]
    public void A_use_before_its_definition_parses_where_a_use_in_the_body_stands_for_it(string script) =>
        Assert.NotNull(AirParser.Parse(script));

    [Fact]
    public void A_deeply_nested_script_fails_with_a_parse_error_not_a_stack_overflow()
    {
        var depth = AirParser.MaxNesting + 10;
        var script = string.Concat(Enumerable.Repeat("(seq (null) ", depth)) + "(null)" + new string(')', depth);

        var error = Assert.Throws<AirParseException>(() => AirParser.Parse(script));

        Assert.Contains("nested too deeply", error.First.Message);
    }

    [Fact]
    public void The_printer_writes_canonical_indented_AIR()
    {
        var printed = AirPrinter.Print(AirParser.Parse("(seq (call %init_peer_id% (\"op\" \"noop\") [1.5 []] x)   (xor (null) (fail 3 \"m\")))"));

        Assert.Equal("(seq\n  (call %init_peer_id% (\"op\" \"noop\") [1.5 []] x)\n  (xor\n    (null)\n    (fail 3 \"m\")))", printed);
    }

    [Fact]
    public void Describe_returns_the_errors_of_a_bad_script()
    {
        var text = AirPrinter.Describe("(seq (null))", out var parsed);

        Assert.False(parsed);
        Assert.Equal("script.air:1:12: expected \"(\"", text);
    }

    [Fact]
    public void The_cache_returns_the_same_tree_for_the_same_script_and_stays_bounded()
    {
        var cache = new AirParseCache(capacity: 2);

        var first = cache.Get("(null)");
        Assert.Same(first, cache.Get("(null)"));
        cache.Get("(never)");
        cache.Get("(seq (null) (null))");

        Assert.Equal(2, cache.Count);
        Assert.Throws<AirParseException>(() => cache.Get("(bad)"));
        Assert.Throws<AirParseException>(() => cache.Get("(bad)"));
    }
}
