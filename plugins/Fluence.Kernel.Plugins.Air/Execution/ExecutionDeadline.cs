using System.Diagnostics;

namespace Fluence.Kernel.Plugins.Air.Execution;

/// <summary>
/// When an invocation must stop. AIR repeats only in fold iterations (nested folds over large values can run
/// practically forever), so the engine asks at every 1,024th iteration whether the deadline has passed or the caller
/// cancelled. AquaVM has no such limit inside: its host stops it from outside (the AquaVM plugin's invocation
/// timeout). Here the engine is its own host. A mutable struct: keep it in a field and call it there. The default
/// value has no deadline and no cancellation.
/// </summary>
internal struct ExecutionDeadline
{
    private const int IterationsPerCheck = 1024;

    // A Stopwatch timestamp; 0: none.
    private readonly long _stopAt;
    private readonly TimeSpan _timeout;
    private readonly CancellationToken _cancellation;
    private int _untilCheck;

    /// <param name="timeout">From now; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    public ExecutionDeadline(TimeSpan timeout, CancellationToken cancellation)
    {
        _timeout = timeout;
        _stopAt = timeout == Timeout.InfiniteTimeSpan ? 0 : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _cancellation = cancellation;
        _untilCheck = IterationsPerCheck;
    }

    /// <summary>One more fold iteration; throws when the invocation has to stop.</summary>
    public void OnIteration()
    {
        if (--_untilCheck > 0)
            return;
        _untilCheck = IterationsPerCheck;
        _cancellation.ThrowIfCancellationRequested();
        if (_stopAt != 0 && Stopwatch.GetTimestamp() > _stopAt)
            throw new TimeoutException($"AIR execution stopped: its folds ran past the invocation timeout of {_timeout} (Air:InvocationTimeout)");
    }
}
