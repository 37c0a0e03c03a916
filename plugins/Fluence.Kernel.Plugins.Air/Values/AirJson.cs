using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Values;

/// <summary>
/// JSON values as AquaVM holds them (serde_json semantics, aquavm.md §5): integers stay u64 (non-negative) or i64,
/// everything else is f64; object keys are kept sorted by their UTF-8 bytes; the text form is serde_json's compact
/// output with ryu float formatting. That text is what CIDs hash, so it must match byte for byte.
/// </summary>
public static class AirJson
{
    /// <summary>The deepest nesting serde_json parses (its recursion limit stops the 128th level).</summary>
    public const int MaxDepth = SerdeJsonSyntax.RecursionLimit - 1;

    /// <summary>Parses JSON text into the normalised tree; <see cref="JsonException"/> when it is not JSON.</summary>
    public static JsonNode? Parse(string text) => Parse(text, out _);

    /// <summary>
    /// <see cref="Parse(string)"/>, and the text's UTF-8 when that is already the value's serde_json text (compact, with
    /// integers, unescaped strings and arrays only: what a service returns for a list), else null: the caller then
    /// need not write the value out again to hash and store it.
    /// </summary>
    internal static JsonNode? Parse(string text, out byte[]? serdeUtf8)
    {
        if (IntegerListText.TryRead(text, out var list, out serdeUtf8))
            return list;
        serdeUtf8 = null;
        // Transcoded into a pooled buffer and read token by token; text that is not valid UTF-16 (or not JSON) goes
        // the document way, whose exceptions are the ones callers see.
        byte[]? rented = null;
        try
        {
            rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
            int length;
            try
            {
                length = StrictUtf8.GetBytes(text, rented);
            }
            catch (ArgumentException)
            {
                return ParseDocument(text);
            }
            t_serdeText = true;
            if (!TryRead(rented.AsSpan(0, length), out var value))
                return ParseDocument(text);
            if (t_serdeText && IsCompact(rented.AsSpan(0, length)))
                serdeUtf8 = rented.AsSpan(0, length).ToArray();
            return value;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses JSON given as UTF-8 bytes (a stored value), as <see cref="Parse(string)"/>.</summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8)
    {
        if (IntegerListText.TryRead(utf8.Span, out var list))
            return list;
        if (TryRead(utf8.Span, out var value))
            return value;
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return FromElement(document.RootElement);
    }

    /// <summary>
    /// Parses a stored value for use while its bytes stay unchanged. A value that is one long string (the usual large
    /// service result) is read in one scan and not copied: its node reads <paramref name="utf8"/> itself, and
    /// <paramref name="borrowed"/> is true. Anything else is parsed as <see cref="Parse(ReadOnlyMemory{byte})"/>.
    /// </summary>
    internal static JsonNode? ParseStored(ReadOnlyMemory<byte> utf8, out bool borrowed)
    {
        JsonValue? view = null;
        borrowed = utf8.Length >= LazyStringBytes && utf8.Span[0] == (byte)'"' && TryViewString(utf8, out view);
        return borrowed ? view : Parse(utf8);
    }

    /// <summary>
    /// A string node over <paramref name="utf8"/> (JSON text that is one string), its bytes not copied; false when the
    /// text is not that (the caller's usual parse then reports why).
    /// </summary>
    internal static bool TryViewString(ReadOnlyMemory<byte> utf8, out JsonValue? view)
    {
        view = null;
        try
        {
            // Not disposed: the node reads the document as long as it lives. The document's metadata is one row, kept
            // in a small array the pool stops tracking (the large one parsing rents is given back when parsing ends).
            var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind == JsonValueKind.String)
                view = JsonValue.Create(document.RootElement);
            else
                document.Dispose();
        }
        catch (JsonException)
        {
        }
        return view is not null;
    }

    private static JsonNode? ParseDocument(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return FromElement(document.RootElement);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Children of the arrays being read, as a stack: an array's items sit after its parent's items read so far.
    [ThreadStatic]
    private static List<JsonNode?>? t_arrayItems;

    // Set when the tokens hold a long string: the value is then read the document way (see TryRead).
    [ThreadStatic]
    private static bool t_longString;

    // Cleared by any token whose text serde_json would write differently (or that this check does not follow: objects,
    // escaped strings, non-integer numbers); whitespace between tokens is checked after reading (IsCompact).
    [ThreadStatic]
    private static bool t_serdeText;

    /// <summary>Whether JSON text whose strings hold no escapes has no whitespace outside its strings.</summary>
    private static bool IsCompact(ReadOnlySpan<byte> utf8)
    {
        var inString = false;
        foreach (var b in utf8)
        {
            if (b == (byte)'"')
                inString = !inString;
            else if (!inString && b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
                return false;
        }
        return true;
    }

    /// <summary>
    /// Reads the tree straight from the tokens (no document in between); false on any error, which the caller then
    /// reports the document way so its message stays exactly System.Text.Json's — and false for a value holding a
    /// long string, which a document over the caller's bytes keeps as UTF-8 with a single copy (a value parsed out of
    /// the tokens costs two: its bytes and a metadata table sized by them).
    /// </summary>
    private static bool TryRead(ReadOnlySpan<byte> utf8, out JsonNode? value)
    {
        var items = t_arrayItems ??= [];
        var depth = items.Count;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read())
            {
                value = null;
                return false;
            }
            value = ReadValue(ref reader, items);
            // Nothing but whitespace may follow the value.
            if (t_longString || reader.Read())
                return Abandon(items, depth, out value);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            return Abandon(items, depth, out value);
        }
    }

    private static bool Abandon(List<JsonNode?> items, int depth, out JsonNode? value)
    {
        t_longString = false;
        items.RemoveRange(depth, items.Count - depth);
        value = null;
        return false;
    }

    private static JsonNode? ReadValue(ref Utf8JsonReader reader, List<JsonNode?> items)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return JsonValue.Create(true);
            case JsonTokenType.False: return JsonValue.Create(false);
            case JsonTokenType.String:
                // serde_json writes an unescaped string as it is (JSON text holds no raw control characters).
                if (reader.ValueIsEscaped)
                    t_serdeText = false;
                // The raw token with its quotes, as a document's element measures it (see StringValue).
                if (reader.ValueSpan.Length + 2 < LazyStringBytes)
                    return JsonValue.Create(reader.GetString()!);
                t_longString = true;
                return null;
            case JsonTokenType.Number:
            {
                var number = Number(reader.ValueSpan, out var integer);
                // An integer read as u64 or i64 is written back digit for digit (JSON has no leading zeros or plus).
                if (!integer)
                    t_serdeText = false;
                return number;
            }
            case JsonTokenType.StartArray:
            {
                var start = items.Count;
                while (!t_longString && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // Read first: a nested array adds and removes its own items.
                    var item = ReadValue(ref reader, items);
                    ListAppend.Add(items, item);
                }
                var array = new JsonArray(CollectionsMarshal.AsSpan(items)[start..]);
                items.RemoveRange(start, items.Count - start);
                return array;
            }
            case JsonTokenType.StartObject:
            {
                // Keys may need sorting or merging: not followed here.
                t_serdeText = false;
                var fields = NewFields();
                while (!t_longString && reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    fields[name] = ReadValue(ref reader, items);
                }
                return ObjectOf(fields);
            }
            default:
                throw new JsonException($"unexpected token {reader.TokenType}");
        }
    }

    // An object's fields as serde_json's map holds them: the last duplicate wins, keys sorted by UTF-8 bytes (BTreeMap).
    private static SortedDictionary<string, JsonNode?> NewFields() => new(Utf8Order.Instance);

    private static JsonObject ObjectOf(SortedDictionary<string, JsonNode?> fields)
    {
        var json = new JsonObject();
        foreach (var (key, value) in fields)
            json[key] = value;
        return json;
    }

    /// <summary>The compact serde_json text of <paramref name="value"/>.</summary>
    public static string Serialize(JsonNode? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    [ThreadStatic]
    private static Encoder? t_utf8;

    /// <summary>The UTF-8 of a builder's text, chunk by chunk (a surrogate pair split between chunks is carried over).</summary>
    internal static byte[] Utf8Of(StringBuilder text)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return rented.AsSpan(0, EncodeInto(text, rented)).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Parses a builder's JSON text as one element that owns its bytes: encoded into a pooled buffer (the element
    /// copies what it keeps), not into an array of its own.
    /// </summary>
    internal static JsonElement ParseElement(StringBuilder text, int maxDepth)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var reader = new Utf8JsonReader(rented.AsSpan(0, EncodeInto(text, rented)), new JsonReaderOptions { MaxDepth = maxDepth });
            return JsonElement.ParseValue(ref reader);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Writes a builder's text as UTF-8 into <paramref name="target"/> (sized for its maximum); the length written.</summary>
    private static int EncodeInto(StringBuilder text, byte[] target)
    {
        var encoder = t_utf8 ??= new UTF8Encoding(false).GetEncoder();
        encoder.Reset();
        var length = 0;
        foreach (var chunk in text.GetChunks())
            length += encoder.GetBytes(chunk.Span, target.AsSpan(length), flush: false);
        return length + encoder.GetBytes([], target.AsSpan(length), flush: true);
    }

    /// <summary>What AquaVM stores for a service result text: parsed and written back.</summary>
    public static string Canonical(string text) => Serialize(Parse(text));

    private static JsonNode? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.True: return JsonValue.Create(true);
            case JsonValueKind.False: return JsonValue.Create(false);
            case JsonValueKind.String: return StringValue(element);
            case JsonValueKind.Number: return Number(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.Array: return new JsonArray(element.EnumerateArray().Select(FromElement).ToArray());
            default:
                var fields = NewFields();
                foreach (var property in element.EnumerateObject())
                    fields[property.Name] = FromElement(property.Value);
                return ObjectOf(fields);
        }
    }

    /// <summary>Strings at least this long (in escaped UTF-8 bytes) stay UTF-8 until something reads their text.</summary>
    internal const int LazyStringBytes = 1024;

    // A long string keeps its UTF-8 (a copy of just its bytes, which outlives the document) and becomes UTF-16 text
    // only where its text is read: a large value that is only passed along (a call argument) is never transcoded.
    // Both kinds of node read the same (GetValueKind, TryGetValue<string>, ToJsonString).
    private static JsonValue StringValue(JsonElement element) =>
        JsonMarshal.GetRawUtf8Value(element).Length >= LazyStringBytes ? JsonValue.Create(element.Clone())! : JsonValue.Create(element.GetString()!);

    private static JsonValue Number(ReadOnlySpan<byte> raw) => Number(raw, out _);

    /// <param name="integer">Whether the number was read as a u64 or an i64 (not as an f64).</param>
    private static JsonValue Number(ReadOnlySpan<byte> raw, out bool integer)
    {
        integer = true;
        if (TryDigits(raw, out var digits))
            return JsonValue.Create(digits);
        if (raw.IndexOfAny("."u8[0], (byte)'e', (byte)'E') < 0)
        {
            if (raw[0] != '-' && ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned))
                return JsonValue.Create(unsigned);
            if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signed) && signed != 0)
                return JsonValue.Create(signed);
        }
        integer = false;
        // serde_json's own reading (not always the nearest f64); it refuses numbers beyond f64's range (AquaVM then
        // records the call as failed).
        if (!SerdeJsonNumber.TryParse(raw, out var number))
            throw new JsonException($"number {Encoding.UTF8.GetString(raw)} is out of range");
        return JsonValue.Create(number);
    }

    /// <summary>
    /// The value of a number token of at most 19 decimal digits and nothing else (it fits a u64; a JSON number has no
    /// leading zeros), read in one loop: what most numbers are, and what ulong.TryParse would give at several times the cost.
    /// </summary>
    private static bool TryDigits(ReadOnlySpan<byte> raw, out ulong value)
    {
        value = 0;
        if (raw.Length > 19)
            return false;
        foreach (var b in raw)
        {
            var digit = (uint)(b - '0');
            if (digit > 9)
                return false;
            value = value * 10 + digit;
        }
        return raw.Length > 0;
    }

    /// <summary>Appends the compact serde_json text of <paramref name="value"/> to <paramref name="builder"/>.</summary>
    internal static void Write(StringBuilder builder, JsonNode? value)
    {
        switch (value)
        {
            case null: builder.Append("null"); return;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                        builder.Append(',');
                    Write(builder, array[i]);
                }
                builder.Append(']');
                return;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                // Parsed objects keep their keys sorted already; only objects built here may need sorting.
                foreach (var (key, item) in IsSorted(obj) ? (IEnumerable<KeyValuePair<string, JsonNode?>>)obj : obj.OrderBy(p => p.Key, Utf8Order.Instance))
                {
                    if (!first)
                        builder.Append(',');
                    first = false;
                    builder.AppendString(key).Append(':');
                    Write(builder, item);
                }
                builder.Append('}');
                return;
            case JsonValue scalar:
                WriteScalar(builder, scalar);
                return;
        }
    }

    private static bool IsSorted(JsonObject obj)
    {
        string? previous = null;
        foreach (var (key, _) in obj)
        {
            if (previous is not null && Utf8Order.Instance.Compare(previous, key) >= 0)
                return false;
            previous = key;
        }
        return true;
    }

    private static void WriteScalar(StringBuilder builder, JsonValue value)
    {
        // By kind first: asking a number node for a string (or the reverse) boxes its value.
        switch (value.GetValueKind())
        {
            case JsonValueKind.True:
                builder.Append("true");
                return;
            case JsonValueKind.False:
                builder.Append("false");
                return;
            case JsonValueKind.String when value.TryGetValue<string>(out var text):
                builder.AppendString(text);
                return;
        }
        // A number, or a node over a JSON element of another kind: by the CLR type the node holds.
        if (value.TryGetValue<ulong>(out var unsigned))
            builder.Append(CultureInfo.InvariantCulture, $"{unsigned}");
        else if (value.TryGetValue<long>(out var signed))
            builder.Append(CultureInfo.InvariantCulture, $"{signed}");
        else if (value.TryGetValue<int>(out var small))
            builder.Append(CultureInfo.InvariantCulture, $"{small}");
        else if (value.TryGetValue<uint>(out var smallUnsigned))
            builder.Append(CultureInfo.InvariantCulture, $"{smallUnsigned}");
        else if (value.TryGetValue<double>(out var number))
            builder.Append(FormatFloat(number));
        else if (value.TryGetValue<JsonElement>(out var element))
            Write(builder, FromElement(element));
        else
            throw new ArgumentException($"unsupported JSON value {value}", nameof(value));
    }

    /// <summary>An f64 as serde_json prints it (ryu): shortest round-trip digits, <c>1.0</c>, <c>1e20</c>, <c>1e-7</c>; non-finite is null.</summary>
    public static string FormatFloat(double value)
    {
        if (!double.IsFinite(value))
            return "null";
        if (value == 0)
            return double.IsNegative(value) ? "-0.0" : "0.0";
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        // Digits and exponent of the shortest representation, from "R" (which may be plain or scientific).
        var (digits, exponent) = Decompose(roundTrip);
        var length = digits.Length;
        var point = length + exponent; // the decimal point sits after this many digits
        var sign = value < 0 ? "-" : "";
        if (exponent >= 0 && point <= 16)
            return sign + digits + new string('0', exponent) + ".0";
        if (point > 0 && point <= 16)
            return sign + digits[..point] + "." + digits[point..];
        if (point > -5 && point <= 0)
            return sign + "0." + new string('0', -point) + digits;
        var mantissa = length == 1 ? digits : digits[..1] + "." + digits[1..];
        return sign + mantissa + "e" + (point - 1).ToString(CultureInfo.InvariantCulture);
    }

    // "123.45" -> ("12345", -2); "1.5E+20" -> ("15", 19); "1E-07" -> ("1", -7).
    private static (string Digits, int Exponent) Decompose(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            exponent -= text.Length - dot - 1;
            text = text.Remove(dot, 1);
        }
        var trimmedStart = text.TrimStart('0');
        var trimmed = trimmedStart.TrimEnd('0');
        exponent += trimmedStart.Length - trimmed.Length;
        return (trimmed, exponent);
    }

    /// <summary>Ordinal comparison of UTF-8 bytes (BTreeMap&lt;String&gt; order), which differs from UTF-16 order for surrogates.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = x.AsSpan();
            var b = y.AsSpan();
            var length = Math.Min(a.Length, b.Length);
            for (var i = 0; i < length; i++)
            {
                if (a[i] == b[i])
                    continue;
                // Surrogates (U+D800–DFFF) encode code points above U+FFFF, which sort after U+E000–FFFF in UTF-8.
                return Weight(a[i]).CompareTo(Weight(b[i]));
            }
            return a.Length.CompareTo(b.Length);
        }

        private static int Weight(char c) => char.IsSurrogate(c) ? c + 0x2000 : c >= '\uE000' ? c - 0x800 : c;
    }
}
