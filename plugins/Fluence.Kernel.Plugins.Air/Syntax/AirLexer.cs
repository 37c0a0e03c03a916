using System.Globalization;

namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// Splits AIR into tokens (aquavm.md §1.1): parentheses, brackets, <c>"literals"</c> (no escapes) and words — maximal
/// runs of non-whitespace (a <c>(</c> included) that stop at an unbalanced <c>)</c>/<c>]</c>. <c>;</c> comments run to the end
/// of the line. Words are classified here: keyword, special value, number or variable (with its lambda).
/// </summary>
internal sealed class AirLexer
{
    public const int MaxFloatLength = 11;

    private static readonly HashSet<string> Keywords =
        ["call", "canon", "ap", "seq", "par", "fail", "fold", "xor", "never", "new", "next", "null", "match", "mismatch"];

    private static readonly System.Buffers.SearchValues<char> LambdaCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.$[]");

    private readonly string _text;
    private readonly Func<SourceSpan, string, Exception> _error;
    private int _position;

    // Every occurrence of a variable name is one string instance: the interpreter compares names (a fold's iterator
    // and its next, a scalar's slot) and those equal by reference are equal without reading their characters.
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public AirLexer(string text, Func<SourceSpan, string, Exception> error)
    {
        _text = text;
        _error = error;
    }

    /// <summary>Where the previous token ended (AquaVM reports an unexpected end of script there).</summary>
    public int LastTokenEnd { get; private set; }

    private Exception Error(int position, string message) => _error(new SourceSpan(position, position + 1), message);

    public AirToken Next()
    {
        SkipTrivia();
        if (_position >= _text.Length)
            return new AirToken(AirTokenKind.End, new SourceSpan(LastTokenEnd, LastTokenEnd));
        var start = _position;
        var token = _text[_position] switch
        {
            '(' => Single(AirTokenKind.OpenParen),
            ')' => Single(AirTokenKind.CloseParen),
            '[' => Single(AirTokenKind.OpenBracket),
            ']' => Single(AirTokenKind.CloseBracket),
            '"' => ReadLiteral(start),
            _ => ReadWord(start),
        };
        LastTokenEnd = token.Span.End;
        return token;
    }

    private AirToken Single(AirTokenKind kind)
    {
        _position++;
        return new AirToken(kind, new SourceSpan(_position - 1, _position));
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c))
                _position++;
            else if (c == ';')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                    _position++;
            }
            else
                return;
        }
    }

    private AirToken ReadLiteral(int start)
    {
        var close = _text.IndexOf('"', start + 1);
        if (close < 0)
            // AquaVM's label runs from the quote to the end of the script.
            throw _error(new SourceSpan(start, _text.Length), "this string literal has unclosed quote");
        _position = close + 1;
        var span = new SourceSpan(start, _position);
        return new AirToken(AirTokenKind.Literal, span, Value: new LiteralValue(span, _text.Substring(start + 1, close - start - 1)));
    }

    private AirToken ReadWord(int start)
    {
        var depth = 0;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c))
                break;
            if (c == '[')
                depth++;
            else if (c is ']' or ')')
            {
                if (depth == 0)
                    break;
                if (c == ']')
                    depth--;
            }
            _position++;
        }
        var span = new SourceSpan(start, _position);
        var word = _text.Substring(start, _position - start);
        if (Keywords.Contains(word))
            return new AirToken(AirTokenKind.Keyword, span, word);
        return new AirToken(AirTokenKind.Word, span, word, ClassifyWord(word, span));
    }

    private AirValue ClassifyWord(string word, SourceSpan span)
    {
        switch (word)
        {
            case "%init_peer_id%": return new InitPeerIdValue(span);
            case "%timestamp%": return new TimestampValue(span);
            case "%ttl%": return new TtlValue(span);
            case "true": return new BoolValue(span, true);
            case "false": return new BoolValue(span, false);
        }
        if (word.StartsWith("%last_error%", StringComparison.Ordinal))
            return new LastErrorValue(span, SpecialLambda(word, "%last_error%".Length, span));
        if (word.StartsWith(":error:", StringComparison.Ordinal))
            return new ErrorValue(span, SpecialLambda(word, ":error:".Length, span));
        if (LooksNumeric(word))
            return ParseNumber(word, span);
        return ParseVariable(word, span);
    }

    private AirLambda? SpecialLambda(string word, int nameLength, SourceSpan span)
    {
        if (word.Length == nameLength)
            return null;
        if (word[nameLength] != '.')
            throw Error(span.Start + nameLength, $"unexpected '{word[nameLength]}' after '{word[..nameLength]}'");
        return ParseLambda(word, nameLength, span.Start);
    }

    // AquaVM's number rules, found by experiment: a bare sign is a bad number; a dot right after the optional sign is a
    // "leading dot"; digits then a dot make a float whose remaining characters must all be digits ("2." is 2.0);
    // only digits make an i64; anything else ("1a", "-1a", "+a", "1-2") is a variable name.
    private static bool LooksNumeric(string word)
    {
        if (word is "+" or "-")
            return true;
        var body = word.AsSpan(word[0] is '+' or '-' ? 1 : 0);
        if (body.IsEmpty)
            return false;
        if (body[0] == '.')
            return true;
        var dot = body.IndexOf('.');
        var integral = dot < 0 ? body : body[..dot];
        return !integral.IsEmpty && !integral.ContainsAnyExcept("0123456789");
    }

    private AirValue ParseNumber(string word, SourceSpan span)
    {
        if (word is "+" or "-")
            throw Error(span.Start, "invalid digit found in string");
        var sign = word[0] is '+' or '-' ? 1 : 0;
        var dot = word.IndexOf('.');
        if (dot == sign)
            throw Error(span.Start + dot, "leading dot without any symbols before - please write 0 if it's float or variable name if it's a lambda");
        if (dot < 0)
        {
            if (!long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                throw _error(span, word[0] == '-' ? "number too small to fit in target type" : "number too large to fit in target type");
            return new IntValue(span, value);
        }
        var bad = word.AsSpan(dot + 1).IndexOfAnyExcept("0123456789");
        if (bad >= 0)
            throw Error(span.Start + dot + 1 + bad, "a digit could contain only digits or one dot");
        if (word.Length > MaxFloatLength)
            // AquaVM labels the whole number for these two.
            throw _error(span, "this float is too big, a float could contain less than 12 digits");
        return new FloatValue(span, double.Parse(word, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
    }

    private AirValue ParseVariable(string word, SourceSpan span)
    {
        // AquaVM 0.62 recognises a canon map by a '%' in second place after any character that may start a name or a
        // tag ("#%m", but also "a%b", "+%b" and "$%m"; not "!%m"); we follow it so that both accept the same scripts.
        var canonMapQuirk = word.Length > 1 && word[1] == '%' && (IsNameChar(word[0]) || word[0] is '+' or '#' or '$' or '%');
        var prefix = canonMapQuirk || word.StartsWith("#$", StringComparison.Ordinal) ? 2
            : word[0] is '#' or '$' or '%' ? 1 : 0;
        var nameEnd = prefix;
        if (prefix == 0 && word[0] == '+')
            nameEnd++;
        while (nameEnd < word.Length && IsNameChar(word[nameEnd]))
            nameEnd++;
        if (nameEnd < word.Length && word[nameEnd] != '.')
            throw Error(span.Start + nameEnd, "only alphanumeric, '_', and '-' characters are allowed in this position");
        if (nameEnd == prefix)
            throw Error(span.Start, "a tagged name should be non empty");
        var name = SharedName(word[..nameEnd]);
        var lambda = nameEnd < word.Length ? ParseLambda(word, nameEnd, span.Start) : null;
        var isCanon = word[0] == '#' || canonMapQuirk;
        if (lambda is not null && isCanon && nameEnd - 1 < 2)
            throw Error(span.Start + 1, "a canon name should be non empty");
        var nameSpan = span;
        if (canonMapQuirk)
            return new CanonStreamMapVariable(nameSpan, name, lambda);
        return word[..prefix] switch
        {
            "" => new ScalarVariable(nameSpan, name, lambda),
            "#" or "#$" => new CanonStreamVariable(nameSpan, name, lambda),
            // AquaVM's lexer trips on a one-letter stream with a lambda; a longer one is a token no rule accepts.
            _ when lambda is not null => throw Error(nameEnd - prefix < 2 ? span.Start + 1 : span.Start, "a stream or a stream map can't have a lambda"),
            "$" => new StreamVariable(nameSpan, name),
            _ => new StreamMapVariable(nameSpan, name),
        };
    }

    private string SharedName(string name)
    {
        ref var shared = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_names, name, out _);
        return shared ??= name;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    // Parses word[at..] which starts with '.': ".length" or ".$" followed by accessors. AquaVM reports every lambda
    // error at the lambda's first character, whatever the fault; so do we.
    private AirLambda ParseLambda(string word, int at, int wordStart)
    {
        var text = word[at..];
        // '!' (the legacy flattening sign) is accepted only as the lambda's last character.
        var invalid = text.AsSpan(0, text.EndsWith('!') ? text.Length - 1 : text.Length).IndexOfAnyExcept(LambdaCharacters);
        if (invalid >= 0)
            throw Error(wordStart + at + invalid, "invalid character in lambda");
        if (text == ".length")
            return new LengthFunctor(text);
        if (!text.StartsWith(".$", StringComparison.Ordinal))
            throw Error(wordStart + at, "a lambda must be '.length' or start with '.$'");
        var accessors = new List<LambdaAccessor>();
        var i = 2;
        while (i < text.Length)
        {
            var stepStart = i;
            if (text[i] == '.')
                i++;
            if (i < text.Length && text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                    throw Error(wordStart + at, "unclosed '[' in a lambda");
                accessors.Add(ParseBracketAccessor(text[(i + 1)..close], wordStart + at));
                i = close + 1;
            }
            else
            {
                var fieldStart = i;
                while (i < text.Length && IsNameChar(text[i]))
                    i++;
                // ".25" is a number accessor, which AquaVM's lambda grammar does not accept outside brackets.
                if (i == fieldStart || text[stepStart] != '.' || char.IsAsciiDigit(text[fieldStart]))
                    throw Error(wordStart + at, "unexpected symbol in a lambda");
                accessors.Add(new FieldAccessor(text[fieldStart..i]));
            }
            if (i < text.Length && text[i] == '!')
                i++;
        }
        if (accessors.Count == 0)
            throw Error(wordStart + at, "provided lambda expression doesn't contain any accessor");
        return new AccessorLambda(text, accessors);
    }

    // AquaVM's lambda lexer reads leading digits as an index and what follows as a separate field, which its grammar
    // refuses: "[0_]" and "[1a]" are errors, not scalar names.
    private LambdaAccessor ParseBracketAccessor(string inner, int position)
    {
        if (inner.Length > 0 && char.IsAsciiDigit(inner[0]))
        {
            if (!inner.All(char.IsAsciiDigit))
                throw Error(position, "a lambda index in brackets must be only digits; a scalar name cannot start with a digit");
            if (!uint.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                throw Error(position, "a lambda index must fit in u32");
            return new IndexAccessor(index);
        }
        if (inner.Length == 0 || !inner.All(IsNameChar))
            throw Error(position, "a lambda accessor in brackets must be an index or a scalar name");
        return new ScalarAccessor(inner);
    }
}
