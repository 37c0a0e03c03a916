namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>Thrown from the epoch-deadline callback to stop a guest that ran past its deadline or was cancelled.</summary>
internal sealed class CallInterruptedException(string message) : Exception(message);

/// <summary>
/// The deadline and cancellation of the call running in a service. The epoch callback (on the thread running the
/// guest) asks it whether to continue; the engine's epoch ticker makes it ask every tick.
/// </summary>
internal sealed class CallBudget(TimeProvider time)
{
    private long _deadline = long.MaxValue;
    private CancellationToken _token;

    public void Begin(TimeSpan timeout, CancellationToken token)
    {
        _deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        _token = token;
    }

    public void End()
    {
        _deadline = long.MaxValue;
        _token = default;
    }

    public TimeSpan Remaining => _deadline == long.MaxValue
        ? TimeSpan.MaxValue
        : TimeSpan.FromSeconds(Math.Max(0, _deadline - time.GetTimestamp()) / (double)time.TimestampFrequency);

    /// <summary>The epoch callback: 1 more tick, or an exception that terminates the guest.</summary>
    public ulong Check()
    {
        if (_token.IsCancellationRequested)
            throw new CallInterruptedException("the call was cancelled");
        if (time.GetTimestamp() >= _deadline)
            throw new CallInterruptedException("the call ran past its deadline");
        return 1;
    }
}
