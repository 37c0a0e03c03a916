using System.Collections.Concurrent;

namespace Fluence.Kernel.Plugins.Air.Syntax;

/// <summary>
/// Parse results keyed by script text (particles repeat scripts), failures included. Bounded: past
/// <see cref="Capacity"/> entries the oldest are dropped first. Thread-safe.
/// </summary>
public sealed class AirParseCache
{
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public AirParseCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count => _entries.Count;

    /// <summary>The parsed script; throws the (cached) <see cref="AirParseException"/> when it does not parse.</summary>
    public AirInstruction Get(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!_entries.TryGetValue(script, out var entry))
        {
            entry = AirParser.TryParse(script, out var instruction, out var error) ? new Entry(instruction, null) : new Entry(null, error);
            if (_entries.TryAdd(script, entry))
            {
                _order.Enqueue(script);
                while (_entries.Count > Capacity && _order.TryDequeue(out var oldest))
                    _entries.TryRemove(oldest, out _);
            }
        }
        return entry.Instruction ?? throw entry.Error!;
    }

    private sealed record Entry(AirInstruction? Instruction, AirParseException? Error);
}
