using System.Runtime.InteropServices;

namespace Fluence.Kernel.Plugins.Air.Data;

/// <summary>
/// One CID store: entries in archive order (AquaVM writes its HashMap's iteration order, which has no meaning; keeping
/// it lets data be re-encoded byte for byte). Lookups go through an index built on demand, keyed by the CIDs
/// themselves (<see cref="CidRef.TextComparer"/>: digests compared, no text made).
/// </summary>
public sealed class CidStore<T> where T : StoreValue
{
    private Dictionary<CidRef, T>? _index;
    private readonly List<KeyValuePair<CidRef, T>> _entries;
    // How many of the last entries were put under pending CIDs (PutPending) and are not indexed yet.
    private int _pending;

    public CidStore() => _entries = [];

    public CidStore(List<KeyValuePair<CidRef, T>> entries) => _entries = entries;

    public List<KeyValuePair<CidRef, T>> Entries
    {
        get
        {
            Settle();
            return _entries;
        }
    }

    public int Count => Entries.Count;

    public bool TryGet(string cid, out T value) => TryGet(new CidRef(cid), out value);

    public bool TryGet(CidRef cid, out T value)
    {
        Settle();
        _index ??= BuildIndex();
        return _index.TryGetValue(cid, out value!);
    }

    public void Add(CidRef cid, T value)
    {
        Settle();
        _entries.Add(KeyValuePair.Create(cid, value));
        _index?.TryAdd(cid, value);
    }

    /// <summary>
    /// Adds the value under its CID; a store that has the CID already keeps its instance, which takes the value's content
    /// (the same content, but for an entry of prev_data, whose CIDs are not verified: AquaVM's stores keep the last
    /// content put under a CID, and what reads the CID later reads that).
    /// </summary>
    public CidRef Put(string cid, T value) => Put(new CidRef(cid), value);

    /// <summary>
    /// <see cref="Put(string, T)"/> with the caller's reference, in one lookup; the reference then names the stored
    /// value (<see cref="CidRef.Target"/>).
    /// </summary>
    internal CidRef Put(CidRef reference, T value)
    {
        Settle();
        _index ??= BuildIndex();
        ref var stored = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, reference, out var exists);
        if (!exists)
        {
            stored = value;
            _entries.Add(KeyValuePair.Create(reference, value));
        }
        else if (!ReferenceEquals(stored, value))
        {
            stored!.TakeContentOf(value);
        }
        reference.Target = stored;
        return reference;
    }

    /// <summary>
    /// <see cref="Put(CidRef, T)"/> for a reference whose digest is not made yet (<see cref="CidRef.IsPending"/>): the
    /// entry is appended as it is and looked up the next time the store is used (any of its members), which makes the
    /// digest — and then, as <see cref="Put(CidRef, T)"/> would have, drops it again when the store already had its
    /// CID (the reference then names the stored value). Entries keep the order of the puts either way.
    /// </summary>
    internal CidRef PutPending(CidRef reference, T value)
    {
        _entries.Add(KeyValuePair.Create(reference, value));
        _pending++;
        reference.Target = value;
        return reference;
    }

    // Indexes the entries put under pending CIDs, in order, keeping the first instance of each CID with the last content.
    private void Settle()
    {
        if (_pending == 0)
            return;
        var start = _entries.Count - _pending;
        _pending = 0;
        var index = _index ??= BuildIndex(start);
        var kept = start;
        for (var i = start; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            ref var stored = ref CollectionsMarshal.GetValueRefOrAddDefault(index, entry.Key, out var exists);
            if (exists)
            {
                if (!ReferenceEquals(stored, entry.Value))
                    stored!.TakeContentOf(entry.Value);
                entry.Key.Target = stored;
                continue;
            }
            stored = entry.Value;
            _entries[kept++] = entry;
        }
        _entries.RemoveRange(kept, _entries.Count - kept);
    }

    /// <summary>
    /// The entries of <paramref name="first"/> then those of <paramref name="second"/>, each CID once (the first
    /// occurrence kept, with the second's content), in one pass with the list and index sized up front — with room for
    /// <paramref name="expectedAdditions"/> more (what the invocation is about to add, e.g. one per call result).
    /// </summary>
    public static CidStore<T> Union(CidStore<T> first, CidStore<T> second, int expectedAdditions = 0)
    {
        var capacity = first.Count + second.Count + expectedAdditions;
        // Nothing to copy and nothing expected (most stores of most invocations): the index is made if ever needed.
        if (capacity == 0)
            return new CidStore<T>();
        var union = new CidStore<T>(new List<KeyValuePair<CidRef, T>>(capacity))
        {
            _index = new Dictionary<CidRef, T>(capacity, CidRef.TextComparer.Instance),
        };
        foreach (var entry in first.Entries)
        {
            if (union._index.TryAdd(entry.Key, entry.Value))
                union.Entries.Add(entry);
        }
        foreach (var entry in second.Entries)
        {
            ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(union._index, entry.Key, out var exists);
            if (!exists)
            {
                kept = entry.Value;
                union.Entries.Add(entry);
                continue;
            }
            // Under a CID both have, the second's value is the one read (AquaVM's stores take current_data's entries over
            // prev_data's, whose CIDs it does not verify: verified by swapping prev_data's entries): the first's instance,
            // which the first's references already name, takes its content. Without tampering it is the same content.
            if (!ReferenceEquals(kept, entry.Value))
                kept!.TakeContentOf(entry.Value);
        }
        return union;
    }

    private Dictionary<CidRef, T> BuildIndex() => BuildIndex(_entries.Count);

    private Dictionary<CidRef, T> BuildIndex(int count)
    {
        var index = new Dictionary<CidRef, T>(_entries.Count, CidRef.TextComparer.Instance);
        for (var i = 0; i < count; i++)
            index.TryAdd(_entries[i].Key, _entries[i].Value);
        return index;
    }
}

/// <summary>The five stores of InterpreterData, in archive order.</summary>
public sealed class CidInfo
{
    public CidStore<RawValue> Values { get; init; } = new();
    public CidStore<StoredTetraplet> Tetraplets { get; init; } = new();
    public CidStore<CanonElement> CanonElements { get; init; } = new();
    public CidStore<CanonResultValue> CanonResults { get; init; } = new();
    public CidStore<ServiceResult> ServiceResults { get; init; } = new();
}
