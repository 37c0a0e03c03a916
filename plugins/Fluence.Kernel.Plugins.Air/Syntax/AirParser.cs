using System.Runtime.CompilerServices;

namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// Parses and validates AIR as AquaVM 0.62 does (aquavm.md §1): the grammar of §1.2 and the static checks (variables
/// defined before use, <c>next</c> inside its fold, …). Thread-safe and stateless; see <see cref="AirParseCache"/> to
/// reuse results. Bad input of any kind raises <see cref="AirParseException"/> and nothing else.
/// </summary>
public static class AirParser
{
    /// <summary>Instructions nested deeper than this are rejected (the parser is recursive; the stack is bounded).</summary>
    public const int MaxNesting = 4096;

    public static AirInstruction Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var lines = new LineMap(script);
        var parser = new Parser(script, lines);
        var root = parser.ParseScript();
        var errors = AirValidator.Validate(root, lines);
        if (errors.Count > 0)
            throw new AirParseException(errors);
        return root;
    }

    /// <summary>Parses without throwing; <paramref name="error"/> holds every error when it fails.</summary>
    public static bool TryParse(string script, out AirInstruction? instruction, out AirParseException? error)
    {
        try
        {
            instruction = Parse(script);
            error = null;
            return true;
        }
        catch (AirParseException e)
        {
            instruction = null;
            error = e;
            return false;
        }
    }

    private sealed class Parser
    {
        private readonly AirLexer _lexer;
        private readonly LineMap _lines;
        private AirToken _current;
        private int _depth;

        public Parser(string script, LineMap lines)
        {
            _lines = lines;
            _lexer = new AirLexer(script, (span, message) => new AirParseException([_lines.Error(span, message)]));
            _current = _lexer.Next();
        }

        public AirInstruction ParseScript()
        {
            var root = ParseInstruction();
            if (_current.Kind != AirTokenKind.End)
            {
                // AquaVM recovers past text after a whole root and also reports the root's validation errors, in order.
                var trailing = _lines.Error(_current.Span, "expected <nothing>");
                throw new AirParseException([.. AirValidator.Validate(root, _lines).Append(trailing).OrderBy(e => e.Span.Start)]);
            }
            return root;
        }

        private Exception Error(int position, string message) =>
            new AirParseException([_lines.Error(new SourceSpan(position, position), message)]);

        private AirToken Advance()
        {
            var token = _current;
            _current = _lexer.Next();
            return token;
        }

        private Exception Unexpected(string expected)
        {
            // AquaVM labels the unexpected token, or the character after the last token when the script ends early.
            var span = _current.Kind == AirTokenKind.End ? new SourceSpan(_lexer.LastTokenEnd, _lexer.LastTokenEnd + 1) : _current.Span;
            var error = _lines.Error(span, $"expected {expected}");
            // AquaVM recovers from a grammar error and keeps lexing; a lexical error further on is then reported first.
            var lexical = FirstLexicalErrorAfter();
            return new AirParseException(lexical is null ? [error] : [lexical, error]);
        }

        private AirParseError? FirstLexicalErrorAfter()
        {
            try
            {
                for (var token = _current; token.Kind != AirTokenKind.End; token = _lexer.Next())
                {
                }
                return null;
            }
            catch (AirParseException e)
            {
                return e.First;
            }
        }

        private AirToken Expect(AirTokenKind kind, string expected)
        {
            if (_current.Kind != kind)
                throw Unexpected(expected);
            return Advance();
        }

        private const string InstructionKeywords = "ap or call or canon or fail or fold or match_ or mismatch or never or new or next or null or par or seq or xor";

        private AirInstruction ParseInstruction()
        {
            var open = Expect(AirTokenKind.OpenParen, "\"(\"");
            if (_current.Kind != AirTokenKind.Keyword)
                throw Unexpected(InstructionKeywords);
            if (++_depth > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                throw Error(open.Span.Start, $"instructions are nested too deeply (more than {MaxNesting} levels)");
            var keyword = Advance().Text!;
            var start = open.Span.Start;
            AirInstruction result = keyword switch
            {
                "seq" => Binary(start, (s, l, r) => new SeqInstruction(s, l, r)),
                "par" => Binary(start, (s, l, r) => new ParInstruction(s, l, r)),
                "xor" => Binary(start, (s, l, r) => new XorInstruction(s, l, r)),
                "call" => ParseCall(start),
                "ap" => ParseAp(start),
                "canon" => ParseCanon(start),
                "fold" => ParseFold(start),
                "next" => ParseNext(start),
                "new" => ParseNew(start),
                "match" => ParseMatch(start, mismatch: false),
                "mismatch" => ParseMatch(start, mismatch: true),
                "fail" => ParseFail(start),
                "never" => new NeverInstruction(Close(start)),
                "null" => new NullInstruction(Close(start)),
                _ => throw Error(start + 1, $"'{keyword}' is not an instruction"),
            };
            _depth--;
            return result;
        }

        private SourceSpan Close(int start)
        {
            var close = Expect(AirTokenKind.CloseParen, "\")\"");
            return new SourceSpan(start, close.Span.End);
        }

        private AirInstruction Binary(int start, Func<SourceSpan, AirInstruction, AirInstruction, AirInstruction> make)
        {
            var left = ParseInstruction();
            var right = ParseInstruction();
            return make(Close(start), left, right);
        }

        private AirInstruction ParseCall(int start)
        {
            var peer = ParseValue(ValueContext.PeerId);
            Expect(AirTokenKind.OpenParen, "\"(\"");
            var service = ParseValue(ValueContext.Triplet);
            var function = ParseValue(ValueContext.Triplet);
            Expect(AirTokenKind.CloseParen, "\")\"");
            Expect(AirTokenKind.OpenBracket, "\"[\"");
            var arguments = new List<AirValue>();
            while (_current.Kind != AirTokenKind.CloseBracket)
                arguments.Add(ParseValue(ValueContext.Argument));
            Advance();
            AirVariable? output = null;
            if (_current.Kind != AirTokenKind.CloseParen)
                output = ParseVariable("\")\" or Scalar or Stream", v => v is ScalarVariable { Lambda: null } or StreamVariable);
            return new CallInstruction(Close(start), peer, service, function, arguments, output);
        }

        private AirInstruction ParseAp(int start)
        {
            if (_current.Kind == AirTokenKind.OpenParen)
            {
                Advance();
                var key = ParseValue(ValueContext.MapKey);
                var value = ParseValue(ValueContext.ApArgument);
                Expect(AirTokenKind.CloseParen, "\")\"");
                var map = (StreamMapVariable)ParseVariable("StreamMap", v => v is StreamMapVariable);
                return new ApMapInstruction(Close(start), key, value, map);
            }
            var argument = ParseValue(ValueContext.ApArgument);
            var result = ParseVariable("Scalar or Stream", v => v is ScalarVariable { Lambda: null } or StreamVariable);
            return new ApInstruction(Close(start), argument, result);
        }

        private AirInstruction ParseCanon(int start)
        {
            var peer = ParseValue(ValueContext.PeerId);
            var source = ParseVariable("Stream or StreamMap", v => v is StreamVariable or StreamMapVariable);
            if (source is StreamVariable stream)
            {
                var canon = (CanonStreamVariable)ParseVariable("CanonStream", v => v is CanonStreamVariable { Lambda: null });
                return new CanonInstruction(Close(start), peer, stream, canon);
            }
            var map = (StreamMapVariable)source;
            var target = ParseVariable("CanonStreamMap or Scalar", v => v is CanonStreamMapVariable { Lambda: null } or ScalarVariable { Lambda: null });
            return target is ScalarVariable scalar
                ? new CanonMapToScalarInstruction(Close(start), peer, map, scalar)
                : new CanonMapInstruction(Close(start), peer, map, (CanonStreamMapVariable)target);
        }

        private AirInstruction ParseFold(int start)
        {
            var iterable = ParseValue(ValueContext.FoldIterable);
            var iterator = (ScalarVariable)ParseVariable("Scalar", v => v is ScalarVariable { Lambda: null });
            var body = ParseInstruction();
            var last = _current.Kind == AirTokenKind.OpenParen ? ParseInstruction() : null;
            return new FoldInstruction(Close(start), iterable, iterator, body, last);
        }

        private AirInstruction ParseNext(int start)
        {
            var iterator = (ScalarVariable)ParseVariable("Scalar", v => v is ScalarVariable { Lambda: null });
            return new NextInstruction(Close(start), iterator);
        }

        private AirInstruction ParseNew(int start)
        {
            var variable = ParseVariable("Scalar or Stream or StreamMap or CanonStream or CanonStreamMap", v => v switch
            {
                ScalarVariable s => s.Lambda is null,
                CanonStreamVariable c => c.Lambda is null,
                CanonStreamMapVariable m => m.Lambda is null,
                _ => true,
            });
            var body = ParseInstruction();
            return new NewInstruction(Close(start), variable, body);
        }

        private AirInstruction ParseMatch(int start, bool mismatch)
        {
            var left = ParseValue(ValueContext.Argument);
            var right = ParseValue(ValueContext.Argument);
            var body = ParseInstruction();
            var span = Close(start);
            return mismatch ? new MismatchInstruction(span, left, right, body) : new MatchInstruction(span, left, right, body);
        }

        private AirInstruction ParseFail(int start)
        {
            if (_current is { Kind: AirTokenKind.Word, Value: IntValue code })
            {
                Advance();
                var message = Expect(AirTokenKind.Literal, "Literal");
                return new FailInstruction(Close(start), code.Value, ((LiteralValue)message.Value!).Text, null);
            }
            var value = _current.Kind == AirTokenKind.Word ? _current.Value : null;
            var allowed = value switch
            {
                ScalarVariable or CanonStreamVariable { Lambda: not null } => true,
                LastErrorValue { Lambda: null } or ErrorValue { Lambda: null } => true,
                _ => false,
            };
            if (!allowed)
                throw Unexpected("CanonStreamWithLambda or Error or I64 or LastError or Scalar or ScalarWithLambda");
            Advance();
            return new FailInstruction(Close(start), null, null, value);
        }

        private AirVariable ParseVariable(string expected, Func<AirVariable, bool> allowed)
        {
            if (_current is { Kind: AirTokenKind.Word, Value: AirVariable variable } && allowed(variable))
            {
                Advance();
                return variable;
            }
            throw Unexpected(expected);
        }

        private AirValue ParseValue(ValueContext context)
        {
            if (_current.Kind == AirTokenKind.OpenBracket && context is ValueContext.Argument or ValueContext.ApArgument or ValueContext.FoldIterable)
            {
                var open = Advance();
                var close = Expect(AirTokenKind.CloseBracket, "\"]\"");
                return new EmptyArrayValue(new SourceSpan(open.Span.Start, close.Span.End));
            }
            if (_current.Kind is AirTokenKind.Literal or AirTokenKind.Word && _current.Value is { } value && Allowed(value, context))
            {
                Advance();
                return value;
            }
            throw Unexpected(Expected(context));
        }

        private static bool Allowed(AirValue value, ValueContext context) => context switch
        {
            ValueContext.PeerId => value is InitPeerIdValue or LiteralValue or ScalarVariable or CanonStreamVariable { Lambda: not null } or CanonStreamMapVariable { Lambda: not null },
            ValueContext.Triplet => value is LiteralValue or ScalarVariable or CanonStreamVariable { Lambda: not null } or CanonStreamMapVariable { Lambda: not null },
            ValueContext.Argument => value is not (StreamVariable or StreamMapVariable),
            ValueContext.ApArgument => value is not (StreamVariable or StreamMapVariable or CanonStreamMapVariable { Lambda: null }),
            ValueContext.MapKey => value is LiteralValue or IntValue or ScalarVariable or CanonStreamVariable { Lambda: not null },
            ValueContext.FoldIterable => value is ScalarVariable or CanonStreamVariable { Lambda: null } or CanonStreamMapVariable or StreamVariable or StreamMapVariable,
            _ => false,
        };

        private static string Expected(ValueContext context) => context switch
        {
            ValueContext.PeerId => "CanonStreamMapWithLambda or CanonStreamWithLambda or InitPeerId or Literal or Scalar or ScalarWithLambda",
            ValueContext.Triplet => "CanonStreamMapWithLambda or CanonStreamWithLambda or Literal or Scalar or ScalarWithLambda",
            ValueContext.MapKey => "CanonStreamWithLambda or I64 or Literal or Scalar or ScalarWithLambda",
            ValueContext.FoldIterable => "\"[\" or CanonStream or CanonStreamMap or CanonStreamMapWithLambda or Scalar or ScalarWithLambda or Stream or StreamMap",
            _ => "a value (literal, number, boolean, [], special value, scalar or canon)",
        };
    }

    private enum ValueContext
    {
        PeerId,
        Triplet,
        Argument,
        ApArgument,
        MapKey,
        FoldIterable,
    }
}
