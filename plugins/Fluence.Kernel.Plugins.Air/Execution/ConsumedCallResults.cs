namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// The ids of the call results an invocation applied. Results answer requests this peer numbered 1, 2, 3 …, so the
/// ids sit below the last id the input data records: one bit each (500 results: 64 bytes) when that range is not
/// much larger than the results, a set otherwise.
/// </summary>
internal sealed class ConsumedCallResults(uint lastCallId, int results)
{
    private ulong[]? _bits;
    private HashSet<uint>? _set;

    public void Add(uint id)
    {
        if (_bits is null && _set is null)
        {
            // Sized on first use: most invocations apply no result.
            if (lastCallId / 64 < (uint)results + 64)
                _bits = new ulong[lastCallId / 64 + 1];
            else
                _set = new HashSet<uint>(results);
        }
        if (_bits is not null && id <= lastCallId)
        {
            ref var word = ref _bits[id / 64];
            var bit = 1UL << (int)(id % 64);
            if ((word & bit) == 0)
                Count++;
            word |= bit;
        }
        else if ((_set ??= []).Add(id))
        {
            Count++;
        }
    }

    /// <summary>How many different ids were added.</summary>
    public int Count { get; private set; }

    public bool Contains(uint id) =>
        _bits is not null && id <= lastCallId ? (_bits[id / 64] & (1UL << (int)(id % 64))) != 0 : _set?.Contains(id) == true;
}
