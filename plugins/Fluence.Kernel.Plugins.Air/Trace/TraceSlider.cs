using Fluence.Kernel.Plugins.Air.Data;

namespace Fluence.Kernel.Plugins.Air.Trace;

/// <summary>
/// A cursor over one input trace (prev or current) limited to a subtrace: <see cref="Position"/> is the next state,
/// <see cref="End"/> the end of the subtrace the running instruction may read (aquavm.md §3.6).
/// </summary>
internal sealed class TraceSlider(IReadOnlyList<ExecutedState> trace)
{
    public IReadOnlyList<ExecutedState> Trace { get; } = trace;

    // An input trace does not change while it is read: its length is asked once, not through the interface per subtrace.
    private readonly int _count = trace.Count;

    public int Position { get; set; }

    public int End { get; set; } = trace.Count;

    public bool HasNext => Position < End;

    /// <summary>The next state of the subtrace and its position, or null when the subtrace is used up.</summary>
    public ExecutedState? Next(out int position)
    {
        position = Position;
        if (Position >= End)
        {
            position = -1;
            return null;
        }
        return Trace[Position++];
    }

    public (int Position, int End) Save() => (Position, End);

    public void Restore((int Position, int End) saved) => (Position, End) = saved;

    /// <summary>Narrows the slider to [start, start + length), checked against the trace.</summary>
    public void SetSubtrace(long start, long length)
    {
        if (start < 0 || length < 0 || start + length > _count)
            throw Execution.AirExecutionException.Uncatchable(Execution.AquaErrorCodes.TraceError,
                $"subtrace {start}..{start + length} is outside the trace of {_count} states");
        Position = (int)start;
        End = (int)(start + length);
    }
}
