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

    // The entry looked up last. A particle's invocations on a peer repeat its script, and looking a script up hashes
    // all of it (a 100-call chain's script is 7 KB: 2 % of each of its invocations); comparing it with the last one
    // stops at its length or its first difference, and is vectorised where it does not.
    private volatile Entry? _last;

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
        if (_last is { } last && string.Equals(script, last.Script, StringComparison.Ordinal))
            return last.Instruction ?? throw last.Error!;
        if (!_entries.TryGetValue(script, out var entry))
        {
            entry = AirParser.TryParse(script, out var instruction, out var error) ? new Entry(script, instruction, null) : new Entry(script, null, error);
            if (_entries.TryAdd(script, entry))
            {
                _order.Enqueue(script);
                while (_entries.Count > Capacity && _order.TryDequeue(out var oldest))
                    _entries.TryRemove(oldest, out _);
            }
        }
        _last = entry;
        return entry.Instruction ?? throw entry.Error!;
    }

    // The script is kept so the entry can stand as the last lookup: switching between scripts allocates nothing.
    private sealed record Entry(string Script, AirInstruction? Instruction, AirParseException? Error);
}
