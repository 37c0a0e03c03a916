using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// An invocation's call requests by id. Ids are consecutive (each new request takes the last id + 1), so the table is
/// a list and the id its index from the first: no hashing and no rehashing as a fold emits its requests.
/// </summary>
internal sealed class CallRequestTable : IReadOnlyDictionary<uint, CallRequest>
{
    private readonly List<CallRequest> _requests = [];
    private uint _first;

    /// <summary>Adds the request with the next id (the first one added sets where the ids start).</summary>
    public void Add(uint id, CallRequest request)
    {
        if (_requests.Count == 0)
            _first = id;
        else if (id != _first + (uint)_requests.Count)
            throw new InvalidOperationException($"call request id {id} does not follow {_first + (uint)_requests.Count - 1}");
        _requests.Add(request);
    }

    public int Count => _requests.Count;

    public CallRequest this[uint key] => TryGetValue(key, out var request) ? request : throw new KeyNotFoundException($"no call request {key}");

    public IEnumerable<uint> Keys
    {
        get
        {
            for (var i = 0; i < _requests.Count; i++)
                yield return _first + (uint)i;
        }
    }

    public IEnumerable<CallRequest> Values => _requests;

    public bool ContainsKey(uint key) => key - _first < (uint)_requests.Count;

    public bool TryGetValue(uint key, [MaybeNullWhen(false)] out CallRequest value)
    {
        var index = key - _first;
        if (index < (uint)_requests.Count)
        {
            value = _requests[(int)index];
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<uint, CallRequest>> GetEnumerator()
    {
        for (var i = 0; i < _requests.Count; i++)
            yield return new KeyValuePair<uint, CallRequest>(_first + (uint)i, _requests[i]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
