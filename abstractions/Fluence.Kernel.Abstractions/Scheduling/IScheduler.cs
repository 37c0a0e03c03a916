namespace Fluence.Kernel.Scheduling;

/// <summary>
/// The scheduler slot: timers (spells, deal watching) and bounded particle execution. All time flows from
/// <see cref="Time"/>, so a <c>FakeTimeProvider</c> drives it in tests without sleeping.
/// </summary>
public interface IScheduler
{
    TimeProvider Time { get; }

    /// <summary>
    /// Calls <paramref name="callback"/> at <see cref="TimerSchedule.Start"/> and then every period until the end.
    /// Firings of one timer never overlap. Dispose the result to cancel the timer.
    /// </summary>
    IDisposable Schedule(TimerSchedule schedule, Func<TimerFiring, CancellationToken, ValueTask> callback);

    /// <summary>Runs <paramref name="work"/> when an execution slot is free (at most the configured concurrency at once).</summary>
    ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);
}
