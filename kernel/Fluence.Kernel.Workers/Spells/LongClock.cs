using Fluence.Kernel.Scheduling;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// A clock trigger whose start or period is beyond what one scheduler timer can wait (.NET timers stop at about
/// 49 days; spell periods go up to 100 years): it hops through one-shot timers of at most <see cref="MaxHop"/> and
/// fires when the due time is reached, then moves the due time by the period (skipping missed periods) until the end.
/// </summary>
internal sealed class LongClock : IDisposable
{
    public static readonly TimeSpan MaxHop = TimeSpan.FromDays(40);

    private readonly IScheduler _scheduler;
    private readonly TimerSchedule _schedule;
    private readonly Func<CancellationToken, ValueTask> _fire;
    private readonly Lock _gate = new();
    private DateTimeOffset _due;
    private IDisposable? _hop;
    private bool _disposed;

    public LongClock(IScheduler scheduler, TimerSchedule schedule, Func<CancellationToken, ValueTask> fire)
    {
        _scheduler = scheduler;
        _schedule = schedule;
        _fire = fire;
        _due = schedule.Start;
        Hop();
    }

    /// <summary>Whether a schedule fits plain scheduler timers.</summary>
    public static bool Fits(TimerSchedule schedule, DateTimeOffset now) =>
        schedule.Start - now <= MaxHop && (schedule.Period is not { } period || period <= MaxHop);

    private void Hop()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            var now = _scheduler.Time.GetUtcNow();
            var wake = _due - now > MaxHop ? now + MaxHop : _due;
            _hop = _scheduler.Schedule(new TimerSchedule(wake), OnWakeAsync);
        }
    }

    private async ValueTask OnWakeAsync(TimerFiring firing, CancellationToken cancellationToken)
    {
        var now = _scheduler.Time.GetUtcNow();
        if (now >= _due)
        {
            await _fire(cancellationToken).ConfigureAwait(false);
            if (_schedule.Period is not { } period || period <= TimeSpan.Zero)
                return;
            now = _scheduler.Time.GetUtcNow();
            do
                _due += period;
            while (_due < now);
            if (_schedule.End is { } end && _due > end)
                return;
        }
        Hop();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _hop?.Dispose();
        }
    }
}
