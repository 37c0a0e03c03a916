using Fluence.Kernel.Hosting;
using Fluence.Kernel.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Scheduler;

/// <summary>
/// <see cref="IScheduler"/> on a <see cref="TimeProvider"/>: every timer is one re-armed one-shot
/// <see cref="ITimer"/>, so firings of a timer never overlap, and execution is bounded by a semaphore.
/// Stopping cancels every timer and every running or waiting execution.
/// </summary>
public sealed class TimeProviderScheduler : IScheduler, IPeerLifecycle, IAsyncDisposable
{
    private readonly SemaphoreSlim _executionSlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<ScheduledTimer> _timers = [];
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private bool _stopped;
    private int _disposed;

    /// <summary>
    /// The longest wait of one underlying timer: .NET timers refuse due times over 2^32 − 2 ms (about 49.7 days),
    /// so a timer due later wakes every <see cref="MaxHop"/> and re-arms until its due time is reached.
    /// </summary>
    public static readonly TimeSpan MaxHop = TimeSpan.FromDays(40);

    public TimeProviderScheduler(IPeerEnvironment environment, IOptions<SchedulerOptions> options, ILogger<TimeProviderScheduler> logger)
        : this(environment.Time, options.Value.MaxConcurrency, logger)
    {
    }

    public TimeProviderScheduler(TimeProvider time, int maxConcurrency, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        Time = time;
        MaxConcurrency = maxConcurrency;
        _executionSlots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _logger = logger ?? NullLogger.Instance;
    }

    public TimeProvider Time { get; }

    public int MaxConcurrency { get; }

    public IDisposable Schedule(TimerSchedule schedule, Func<TimerFiring, CancellationToken, ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(callback);
        if (schedule.Period is { } period && period < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(schedule), "a timer period cannot be negative");
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var timer = new ScheduledTimer(this, schedule, callback);
        lock (_gate)
            _timers.Add(timer);
        timer.Arm(schedule.Start);
        return timer;
    }

    public async ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        await _executionSlots.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            return await work(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _executionSlots.Release();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_stopped)
                return Task.CompletedTask;
            _stopped = true;
        }
        _stopping.Cancel();
        ScheduledTimer[] timers;
        lock (_gate)
            timers = [.. _timers];
        foreach (var timer in timers)
            timer.Dispose();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        // The container may dispose an instance once per service type it is registered under.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _executionSlots.Dispose();
    }

    private void Forget(ScheduledTimer timer)
    {
        lock (_gate)
            _timers.Remove(timer);
    }

    /// <summary>
    /// One timer. The next firing is armed only after the previous callback completes, which is what keeps firings
    /// from overlapping. Firings missed while a callback ran long (or while the clock jumped) are skipped, not
    /// replayed in a burst: the next firing is the first period boundary not earlier than now.
    /// </summary>
    private sealed class ScheduledTimer : IDisposable
    {
        private readonly TimeProviderScheduler _owner;
        private readonly TimerSchedule _schedule;
        private readonly Func<TimerFiring, CancellationToken, ValueTask> _callback;
        private readonly CancellationTokenSource _cancellation = new();
        private readonly ITimer _timer;
        private readonly Lock _gate = new();
        private DateTimeOffset _due;
        private long _count;
        private bool _disposed;

        public ScheduledTimer(TimeProviderScheduler owner, TimerSchedule schedule, Func<TimerFiring, CancellationToken, ValueTask> callback)
        {
            _owner = owner;
            _schedule = schedule;
            _callback = callback;
            // Created disarmed, so the callback never runs before the field is assigned.
            _timer = owner.Time.CreateTimer(static state => ((ScheduledTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void Arm(DateTimeOffset due)
        {
            lock (_gate)
            {
                if (_disposed)
                    return;
                if (_schedule.End is { } end && due > end)
                {
                    DisposeCore();
                    return;
                }
                _due = due;
                WaitForDue();
            }
        }

        /// <summary>Arms the underlying timer for the due time, or for one hop towards it when it is too far.</summary>
        private void WaitForDue()
        {
            var delay = _due - _owner.Time.GetUtcNow();
            _timer.Change(delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > MaxHop ? MaxHop : delay, Timeout.InfiniteTimeSpan);
        }

        private void Fire()
        {
            TimerFiring firing;
            lock (_gate)
            {
                if (_disposed)
                    return;
                if (_owner.Time.GetUtcNow() < _due)
                {
                    // A hop of a long wait (or a wake-up before the due time): wait on.
                    WaitForDue();
                    return;
                }
                firing = new TimerFiring(_due, ++_count);
            }
            ValueTask pending;
            try
            {
                pending = _callback(firing, _cancellation.Token);
            }
            catch (Exception ex)
            {
                Failed(ex, firing);
                Next(firing);
                return;
            }
            if (pending.IsCompletedSuccessfully)
                Next(firing);
            else
                _ = AwaitThenNext(pending, firing);
        }

        private async Task AwaitThenNext(ValueTask pending, TimerFiring firing)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Failed(ex, firing);
            }
            Next(firing);
        }

        private void Failed(Exception ex, TimerFiring firing) =>
            _owner._logger.LogWarning(ex, "Timer callback failed at firing {Count} (due {Due:O})", firing.Count, firing.ScheduledAt);

        private void Next(TimerFiring firing)
        {
            if (_schedule.Period is not { } period || period <= TimeSpan.Zero)
            {
                Dispose();
                return;
            }
            var now = _owner.Time.GetUtcNow();
            var next = firing.ScheduledAt + period;
            if (next < now)
            {
                // Skip missed periods: jump to the first boundary at or after now.
                var missed = (now - firing.ScheduledAt).Ticks / period.Ticks;
                next = firing.ScheduledAt + TimeSpan.FromTicks(period.Ticks * missed);
                if (next < now)
                    next += period;
            }
            Arm(next);
        }

        public void Dispose()
        {
            lock (_gate)
                DisposeCore();
        }

        private void DisposeCore()
        {
            if (_disposed)
                return;
            _disposed = true;
            _cancellation.Cancel();
            _timer.Dispose();
            _owner.Forget(this);
        }
    }
}
