using System.Text.Json.Nodes;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Values;

namespace Fluence.Kernel.Plugins.Air.Execution;

// The values an execution works with (aquavm.md §1.3). One file: they are one concept, "what a variable holds".

/// <summary>A JSON value with its origin (tetraplet) and provenance.</summary>
internal sealed class ScalarValue(JsonNode? value, SecurityTetraplet tetraplet, Provenance provenance)
{
    public JsonNode? Value { get; } = value;
    public SecurityTetraplet Tetraplet { get; } = tetraplet;
    public Provenance Provenance { get; } = provenance;

    private SecurityTetraplet[]? _tetrapletList;

    /// <summary>The tetraplet as a one-element list (what an argument shows), made once per value.</summary>
    public IReadOnlyList<SecurityTetraplet> TetrapletList => _tetrapletList ??= [Tetraplet];
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

    /// <summary>The generation values new in this invocation go to (a stream fold opens a fresh one per round).</summary>
    public uint NewGeneration { get; set; }

    public int Count => _items.Count;

    public IReadOnlyList<StreamItem> Items => _items;

    public void Add(StreamItem item)
    {
        if (_items.Count >= MaxValues)
            throw AirExecutionException.Uncatchable(AquaErrorCodes.StreamSizeLimit, $"stream size limit of {MaxValues} values is exceeded");
        item.Id = _items.Count;
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
        foreach (var item in Items)
        {
            var key = MapKeyText(item.Value!["key"]);
            if (obj[key] is not JsonArray values)
                obj[key] = values = new JsonArray();
            values.Add(item.Value!["value"]?.DeepClone());
        }
        return obj;
    }

    public static string MapKeyText(JsonNode? key) =>
        key is JsonValue v && v.TryGetValue<string>(out var text) ? text : AirJson.Serialize(key);
}
