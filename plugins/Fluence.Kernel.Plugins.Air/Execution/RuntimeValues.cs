using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

// The values an execution works with (aquavm.md §1.3). One file: they are one concept, "what a variable holds".

/// <summary>
/// A JSON value with its origin (tetraplet) and provenance. As an argument's tetraplet list it is its own one-element
/// list (see <see cref="TetrapletList"/>), so a value whose tetraplet nothing reads (a fold element only hashed as a
/// call's argument when its result is applied) never makes it.
/// </summary>
internal sealed class ScalarValue : IReadOnlyList<SecurityTetraplet>
{
    // The value, or what it is read from while nothing has read it (its text: see the RawValue constructor; its stored
    // value: see the PendingStoredValue one): one field for all three.
    private object? _value;
    private SecurityTetraplet _tetraplet;
    // For a fold element: its index, whose lens (".$.[index]") _tetraplet gets when first read; -1 once it has it.
    private int _elementIndex = -1;
    // The provenance's two parts as fields of their own: the kind packs with _elementIndex (a Provenance field would
    // take two words of its own and make every value a word larger).
    private readonly CidRef? _provenanceCid;
    private readonly ProvenanceKind _provenanceKind;

    private ScalarValue(object? value, SecurityTetraplet tetraplet, ProvenanceKind provenanceKind, CidRef? provenanceCid)
    {
        _value = value;
        _tetraplet = tetraplet;
        _provenanceKind = provenanceKind;
        _provenanceCid = provenanceCid;
    }

    public ScalarValue(JsonNode? value, SecurityTetraplet tetraplet, Provenance provenance)
        : this(value, tetraplet, provenance.Kind, provenance.Cid)
    {
    }

    /// <summary>
    /// A value known by its serde_json text (a scalar service result), parsed when first read: a result the script
    /// only passes on to a stream that nothing reads never becomes a tree.
    /// </summary>
    /// <param name="serviceResult">The CID of the service result the value came from (its provenance).</param>
    public ScalarValue(RawValue text, SecurityTetraplet tetraplet, CidRef serviceResult)
        : this(text, tetraplet, ProvenanceKind.ServiceResult, serviceResult)
    {
    }

    /// <summary>A replayed result's stored value, read when first needed (see <see cref="PendingStoredValue"/>).</summary>
    public ScalarValue(PendingStoredValue value, SecurityTetraplet tetraplet, Provenance provenance)
        : this(value, tetraplet, provenance.Kind, provenance.Cid)
    {
    }

    /// <summary>Element <paramref name="index"/> of an array whose tetraplet is <paramref name="array"/>; its lens is made when read.</summary>
    public static ScalarValue Element(JsonNode? value, SecurityTetraplet array, int index, Provenance provenance) =>
        new(value, array, provenance) { _elementIndex = index };

    public JsonNode? Value
    {
        get
        {
            if (_value is RawValue text)
                _value = AirJson.Parse(text.Utf8);
            else if (_value is PendingStoredValue pending)
                _value = pending.Read();
            return Unsafe.As<JsonNode?>(_value);
        }
    }

    /// <summary>The stored text of a value nothing has read yet (see <see cref="PendingStoredValue"/>), else null.</summary>
    public RawValue? UnreadStoredText => (_value as PendingStoredValue)?.Text;

    public SecurityTetraplet Tetraplet
    {
        get
        {
            if (_elementIndex >= 0)
            {
                _tetraplet = _tetraplet with { Lens = ElementLens(_tetraplet.Lens, _elementIndex) };
                _elementIndex = -1;
            }
            return _tetraplet;
        }
    }

    public Provenance Provenance => new(_provenanceKind, _provenanceCid);

    /// <summary>The tetraplet as a one-element list (what an argument shows): this value itself, read when indexed.</summary>
    public IReadOnlyList<SecurityTetraplet> TetrapletList => this;

    /// <summary>The tetraplet as an array of its own (what a call request hands the host).</summary>
    public SecurityTetraplet[] TetrapletArray() => [Tetraplet];

    int IReadOnlyCollection<SecurityTetraplet>.Count => 1;

    SecurityTetraplet IReadOnlyList<SecurityTetraplet>.this[int index] =>
        index == 0 ? Tetraplet : throw new ArgumentOutOfRangeException(nameof(index));

    IEnumerator<SecurityTetraplet> IEnumerable<SecurityTetraplet>.GetEnumerator()
    {
        yield return Tetraplet;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => ((IEnumerable<SecurityTetraplet>)this).GetEnumerator();

    // The lenses of the first elements of an array read whole (lens ""), the usual fold iterable: made once per
    // process, as strings are immutable, instead of once per element read.
    private static readonly string?[] SharedElementLenses = new string?[1024];

    /// <summary><paramref name="lens"/> followed by <c>.$.[index]</c>, written in one go.</summary>
    private static string ElementLens(string lens, int index)
    {
        if (lens.Length == 0 && index < SharedElementLenses.Length)
            return SharedElementLenses[index] ??= WriteElementLens(lens, index);
        return WriteElementLens(lens, index);
    }

    private static string WriteElementLens(string lens, int index)
    {
        var digits = 1;
        for (var rest = index; rest >= 10; rest /= 10)
            digits++;
        return string.Create(lens.Length + 5 + digits, (lens, index), static (text, state) =>
        {
            state.lens.CopyTo(text);
            ".$.[".CopyTo(text[state.lens.Length..]);
            state.index.TryFormat(text[(state.lens.Length + 4)..], out _, default, CultureInfo.InvariantCulture);
            text[^1] = ']';
        });
    }
}

/// <summary>Which input (or this invocation) a stream value came from; generations are renumbered group by group.</summary>
internal enum ValueGroup
{
    Prev = 0,
    Current = 1,
    New = 2,
}

/// <summary>One value of a stream (or stream map), with where its producing state sits in each trace.</summary>
internal sealed class StreamItem(ScalarValue value, ValueGroup group, uint generation, int newPosition, int prevPosition, int currentPosition)
{
    public ScalarValue Value { get; } = value;
    public ValueGroup Group { get; } = group;
    public uint Generation { get; } = generation;
    public int NewPosition { get; } = newPosition;
    public int PrevPosition { get; } = prevPosition;
    public int CurrentPosition { get; } = currentPosition;
    public long Order => ((long)Group << 40) | Generation;

    /// <summary>The item's number in its stream, in the order items were added (0 … <see cref="StreamValue.MaxValues"/> - 1).</summary>
    public int Id { get; set; }
}

/// <summary>A stream <c>$s</c> or a stream map <c>%m</c>: values in generation order, then insertion order.</summary>
internal sealed class StreamValue
{
    public const int MaxValues = 1023;

    private readonly List<StreamItem> _items = [];

    // The generations of values new in this invocation, as AquaVM keeps them: how many values each holds. A stream
    // fold's pass opens one, a pass that another follows drops the last one if it is empty, and a fold's end opens one
    // after a generation holding values (see StartPass); a new value goes to the last.
    private readonly List<int> _newGenerationSizes = [];

    /// <summary>How many generations of new values the stream holds, empty ones included.</summary>
    public int NewGenerationCount => _newGenerationSizes.Count;

    /// <summary>The generation values new in this invocation go to: the last one.</summary>
    public uint NewGeneration => _newGenerationSizes.Count == 0 ? 0 : (uint)_newGenerationSizes.Count - 1;

    /// <summary>A stream fold's pass starts: what is appended meanwhile lands in a generation of its own.</summary>
    public void OpenNewGeneration() => _newGenerationSizes.Add(0);

    /// <summary>A stream fold ended: if the last new generation holds a value, what comes next lands in a new one.</summary>
    public void OpenNewGenerationAfterValues()
    {
        if (_newGenerationSizes.Count > 0 && _newGenerationSizes[^1] > 0)
            _newGenerationSizes.Add(0);
    }

    /// <summary>A stream fold's pass ended: the last new generation goes if nothing landed in it.</summary>
    public void DropLastNewGenerationIfEmpty()
    {
        if (_newGenerationSizes.Count > 0 && _newGenerationSizes[^1] == 0)
            _newGenerationSizes.RemoveAt(_newGenerationSizes.Count - 1);
    }

    public int Count => _items.Count;

    /// <summary>The items in order, as a span: walked once per fold round and once more when generations are renumbered.</summary>
    public ReadOnlySpan<StreamItem> Items => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_items);

    // The text of the new this stream is scoped to, [start, end); the particle's own stream holds the whole script.
    private int _scopeStart = int.MinValue;
    private int _scopeEnd = int.MaxValue;

    /// <summary>Scopes the stream to a <c>new</c>'s text: it then holds the instructions written inside it only, wherever they run.</summary>
    public void ScopeTo(Syntax.SourceSpan span) => (_scopeStart, _scopeEnd) = (span.Start, span.End);

    /// <summary>Whether an instruction starting at <paramref name="position"/> of the script names this stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Holds(int position) => _scopeStart <= position && position < _scopeEnd;

    /// <summary>Empties the stream for reuse by a later execution (its list keeps its capacity).</summary>
    public void Reset()
    {
        _items.Clear();
        _newGenerationSizes.Clear();
        (_scopeStart, _scopeEnd) = (int.MinValue, int.MaxValue);
    }

    public void Add(StreamItem item)
    {
        if (_items.Count >= MaxValues)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.StreamSizeLimit, $"stream size limit of {MaxValues} values is exceeded");
        item.Id = _items.Count;
        if (item.Group == ValueGroup.New)
        {
            if (_newGenerationSizes.Count == 0)
                _newGenerationSizes.Add(0);
            _newGenerationSizes[^1]++;
        }
        // Keep generation order: insert after the last item of an order not greater than this one.
        var at = _items.Count;
        while (at > 0 && _items[at - 1].Order > item.Order)
            at--;
        _items.Insert(at, item);
    }
}

/// <summary>An element of a canon stream or canon map.</summary>
internal sealed class CanonItem(ScalarValue value)
{
    public ScalarValue Value { get; } = value;
}

/// <summary>A canon stream <c>#c</c> or canon map <c>#%m</c>: the snapshot, its tetraplet and its CID.</summary>
internal sealed class CanonValue(IReadOnlyList<ScalarValue> items, SecurityTetraplet tetraplet, CidRef cid)
{
    public IReadOnlyList<ScalarValue> Items { get; } = items;
    public SecurityTetraplet Tetraplet { get; } = tetraplet;
    public CidRef Cid { get; } = cid;

    public JsonArray ValuesArray()
    {
        var array = new JsonArray();
        foreach (var item in Items)
            array.Add(item.Value?.DeepClone());
        return array;
    }

    /// <summary>A canon map as a value: key → array of all its values (keys as text, sorted on output).</summary>
    public JsonObject MapObject()
    {
        var obj = new JsonObject();
        // A string key and an integer key with the same text are two keys, and the object's field holds the values of
        // the one that came first (verified against avm.wasm both ways round): which kind owns each field.
        Dictionary<string, bool>? stringOwned = null;
        foreach (var item in Items)
        {
            var (key, isString) = MapKey(item.Value!["key"]);
            if (obj[key] is not JsonArray values)
            {
                obj[key] = values = new JsonArray();
                (stringOwned ??= new Dictionary<string, bool>(StringComparer.Ordinal))[key] = isString;
            }
            else if (stringOwned![key] != isString)
                continue;
            values.Add(item.Value!["value"]?.DeepClone());
        }
        return obj;
    }

    /// <summary>A map key's text, and whether it is a string: lookups tell <c>"1"</c> and <c>1</c> apart.</summary>
    public static (string Text, bool IsString) MapKey(JsonNode? key) =>
        key is JsonValue v && v.TryGetValue<string>(out var text) ? (text, true) : (AirJson.Serialize(key), false);

    public static string MapKeyText(JsonNode? key) => MapKey(key).Text;
}
