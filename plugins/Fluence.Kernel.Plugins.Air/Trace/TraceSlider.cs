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

    /// <summary>
    /// Narrows the slider to [start, start + length), checked against the trace as AquaVM's slider checks it: an empty
    /// subtrace may start anywhere, even past the trace (verified: fold lore whose empty subtrace starts past the trace
    /// replays), and nothing is read from it. False, the slider unchanged, when the subtrace does not fit.
    /// </summary>
    public bool TrySetSubtrace(long start, long length)
    {
        if (length == 0 && start >= 0)
        {
            Position = End = (int)Math.Min(start, _count);
            return true;
        }
        if (start < 0 || length < 0 || start + length > _count)
            return false;
        Position = (int)start;
        End = (int)(start + length);
        return true;
    }

    /// <summary>What AquaVM says of a subtrace that does not fit the trace (see <see cref="TrySetSubtrace"/>).</summary>
    public string OutsideText(long start, long length) =>
        $"executed trace has {_count} elements, but tried to set {length} subtrace_len and {start} position";

    /// <summary><see cref="TrySetSubtrace"/>, a TraceError when the subtrace does not fit.</summary>
    public void SetSubtrace(long start, long length)
    {
        if (!TrySetSubtrace(start, length))
            throw Execution.AirExecutionException.Uncatchable(Execution.AquaErrorCodes.TraceError, OutsideText(start, length));
    }

    /// <summary>Limits what is read from the position on to <paramref name="length"/> states (AquaVM's set_subtrace_len).</summary>
    public void SetLength(long length)
    {
        if (length > _count - Position)
            throw Execution.AirExecutionException.Uncatchable(Execution.AquaErrorCodes.TraceError,
                $"executed trace has {_count} elements and the slider is at {Position}, but tried to set {length} subtrace_len");
        End = (int)(Position + length);
    }
}
