using System.Globalization;
using System.Text;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// serde_json's verdict on a JSON text, with its exact error text (<c>key must be a string at line 1 column 2</c>):
/// AquaVM puts that text into the failure it records for a service result that is not JSON, and the failure's CID
/// hashes it. Rules established by differential runs against AquaVM 0.62 (the serde scenarios under
/// <c>Scenarios/call/</c>): positions are 1-based lines and byte columns counted up to the offending byte inclusive
/// (0 when nothing of the line was read); nesting stops at depth 128; a number beyond f64 fails at its end;
/// escapes <c>\uXXXX</c> must pair surrogates.
/// </summary>
public static class SerdeJsonSyntax
{
    /// <summary>serde_json's default recursion limit: the 128th nested array or object fails.</summary>
    public const int RecursionLimit = 128;

    /// <summary>The error serde_json reports for <paramref name="text"/>, or null when it parses.</summary>
    public static string? Error(string text)
    {
        var reader = new Reader(Encoding.UTF8.GetBytes(text));
        return reader.Document();
    }

    private sealed class SyntaxError(string message, int index) : Exception(message)
    {
        public int Index { get; } = index;
    }

    private sealed class Reader(byte[] bytes)
    {
        private int _index;
        private int _depth = RecursionLimit;

        public string? Document()
        {
            try
            {
                Value();
                Whitespace();
                if (_index < bytes.Length)
                    throw AtPeek("trailing characters");
                return null;
            }
            catch (SyntaxError error)
            {
                var (line, column) = Position(error.Index);
                return string.Create(CultureInfo.InvariantCulture, $"{error.Message} at line {line} column {column}");
            }
        }

        private (int Line, int Column) Position(int index)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < index; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
            return (line, index - lineStart);
        }

        /// <summary>An error at the current position (everything read so far).</summary>
        private SyntaxError Here(string message) => new(message, _index);

        /// <summary>An error at the byte about to be read (inclusive), or at the end.</summary>
        private SyntaxError AtPeek(string message) => new(message, Math.Min(_index + 1, bytes.Length));

        private int Peek() => _index < bytes.Length ? bytes[_index] : -1;

        private int Next() => _index < bytes.Length ? bytes[_index++] : -1;

        private void Whitespace()
        {
            while (Peek() is ' ' or '\n' or '\t' or '\r')
                _index++;
        }

        private void Value()
        {
            Whitespace();
            switch (Peek())
            {
                case -1: throw AtPeek("EOF while parsing a value");
                case 'n': _index++; Ident("ull"); return;
                case 't': _index++; Ident("rue"); return;
                case 'f': _index++; Ident("alse"); return;
                case '-': _index++; Number(); return;
                case >= '0' and <= '9': Number(); return;
                case '"': _index++; String(); return;
                case '[': Nested(Array); return;
                case '{': Nested(Object); return;
                default: throw AtPeek("expected value");
            }
        }

        private void Nested(Action body)
        {
            _index++;
            if (--_depth == 0)
                throw Here("recursion limit exceeded");
            body();
            _depth++;
        }

        private void Ident(string rest)
        {
            foreach (var expected in rest)
            {
                var c = Next();
                if (c < 0)
                    throw Here("EOF while parsing a value");
                if (c != expected)
                    throw Here("expected ident");
            }
        }

        private void Array()
        {
            for (var first = true; ; first = false)
            {
                Whitespace();
                switch (Peek())
                {
                    case ']': _index++; return;
                    case ',' when !first:
                        _index++;
                        Whitespace();
                        if (Peek() == ']')
                            throw AtPeek("trailing comma");
                        break;
                    case -1: throw AtPeek("EOF while parsing a list");
                    default:
                        if (!first)
                            throw AtPeek("expected `,` or `]`");
                        break;
                }
                Value();
            }
        }

        private void Object()
        {
            for (var first = true; ; first = false)
            {
                Whitespace();
                switch (Peek())
                {
                    case '}': _index++; return;
                    case ',' when !first:
                        _index++;
                        Whitespace();
                        switch (Peek())
                        {
                            case '}': throw AtPeek("trailing comma");
                            case -1: throw AtPeek("EOF while parsing a value");
                        }
                        break;
                    case -1: throw AtPeek("EOF while parsing an object");
                    default:
                        if (!first)
                            throw AtPeek("expected `,` or `}`");
                        break;
                }
                Key();
                Whitespace();
                switch (Peek())
                {
                    case ':': _index++; break;
                    case -1: throw AtPeek("EOF while parsing an object");
                    default: throw AtPeek("expected `:`");
                }
                Value();
            }
        }

        private void Key()
        {
            Whitespace();
            switch (Peek())
            {
                case '"': _index++; String(); return;
                case -1: throw AtPeek("EOF while parsing a value");
                default: throw AtPeek("key must be a string");
            }
        }

        private void String()
        {
            while (true)
            {
                var c = Next();
                switch (c)
                {
                    case -1: throw Here("EOF while parsing a string");
                    case '"': return;
                    case '\\': Escape(); break;
                    case < 0x20: throw Here("control character (\\u0000-\\u001F) found while parsing a string");
                }
            }
        }

        private void Escape()
        {
            switch (Next())
            {
                case -1: throw Here("EOF while parsing a string");
                case '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't': return;
                case 'u': break;
                default: throw Here("invalid escape");
            }
            var unit = HexEscape();
            if (unit is >= 0xDC00 and <= 0xDFFF)
                throw Here("lone leading surrogate in hex escape");
            if (unit is < 0xD800 or > 0xDBFF)
                return;
            // A leading surrogate must be followed at once by an escaped trailing one.
            switch (Next())
            {
                case -1: throw Here("EOF while parsing a string");
                case '\\': break;
                default: throw Here("unexpected end of hex escape");
            }
            switch (Next())
            {
                case -1: throw Here("EOF while parsing a string");
                case 'u': break;
                default: throw Here("unexpected end of hex escape");
            }
            if (HexEscape() is < 0xDC00 or > 0xDFFF)
                throw Here("lone leading surrogate in hex escape");
        }

        private int HexEscape()
        {
            if (_index + 4 > bytes.Length)
            {
                _index = bytes.Length;
                throw Here("EOF while parsing a string");
            }
            var unit = 0;
            for (var i = 0; i < 4; i++)
            {
                var digit = HexDigit(bytes[_index++]);
                if (digit < 0)
                    throw Here("invalid escape");
                unit = unit * 16 + digit;
            }
            return unit;
        }

        private static int HexDigit(byte c) => c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };

        /// <summary>After an optional '-' (already read).</summary>
        private void Number()
        {
            var start = _index;
            switch (Next())
            {
                case -1: throw Here("EOF while parsing a value");
                case '0':
                    if (Peek() is >= '0' and <= '9')
                        throw AtPeek("invalid number");
                    break;
                case >= '1' and <= '9':
                    Digits();
                    break;
                default: throw Here("invalid number");
            }
            if (Peek() == '.')
            {
                _index++;
                RequiredDigits();
            }
            if (Peek() is 'e' or 'E')
            {
                _index++;
                var positive = true;
                if (Peek() is '+' or '-')
                    positive = Next() == '+';
                var digitsStart = _index;
                RequiredDigits();
                ExponentRange(start, digitsStart, positive);
            }
            if (!SerdeJsonNumber.TryParse(bytes.AsSpan(start, _index - start), out _))
                throw Here("number out of range");
        }

        /// <summary>An exponent beyond i32 fails at the digit that overflows, unless the number is zero or shrinks.</summary>
        private void ExponentRange(int start, int digitsStart, bool positive)
        {
            var significandIsZero = true;
            for (var i = start; i < digitsStart && bytes[i] is not ((byte)'e' or (byte)'E'); i++)
            {
                if (bytes[i] is >= (byte)'1' and <= (byte)'9')
                    significandIsZero = false;
            }
            long exponent = 0;
            for (var i = digitsStart; i < _index; i++)
            {
                exponent = exponent * 10 + (bytes[i] - '0');
                if (exponent > int.MaxValue)
                {
                    if (positive && !significandIsZero)
                        throw new SyntaxError("number out of range", i + 1);
                    return;
                }
            }
        }

        private void RequiredDigits()
        {
            switch (Next())
            {
                case -1: throw Here("EOF while parsing a value");
                case >= '0' and <= '9': Digits(); return;
                default: throw Here("invalid number");
            }
        }

        private void Digits()
        {
            while (Peek() is >= '0' and <= '9')
                _index++;
        }
    }
}
