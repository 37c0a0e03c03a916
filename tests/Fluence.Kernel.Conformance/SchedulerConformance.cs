using Fluence.Kernel.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fluence.Kernel.Conformance;

/// <summary>
/// What every <see cref="IScheduler"/> must do. Time is a <see cref="FakeTimeProvider"/> the suite advances; an
/// implementation must take all time from the provider it is given. Real waits appear only as generous upper
/// bounds for work running on other threads, never as assertions about duration.
/// </summary>
public abstract class SchedulerConformance
{
    /// <summary>Waits for asynchronous work that must happen without the fake clock moving.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A scheduler on <paramref name="time"/> running at most <paramref name="maxConcurrency"/> executions at once.</summary>
    protected abstract IScheduler CreateScheduler(FakeTimeProvider time, int maxConcurrency);

    [Fact]
    public void The_scheduler_reports_the_clock_it_runs_on()
    {
        var time = new FakeTimeProvider(Epoch);
        Assert.Same(time, CreateScheduler(time, 2).Time);
    }

    [Fact]
    public void A_one_second_timer_fires_600_times_in_ten_simulated_minutes()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        var firings = new List<TimerFiring>();
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), (f, _) =>
        {
            lock (firings)
                firings.Add(f);
            return ValueTask.CompletedTask;
        });

        for (int i = 0; i < 600; i++)
            time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(600, firings.Count);
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), firings.Select(f => f.Count));
        Assert.Equal(Enumerable.Range(1, 600).Select(i => Epoch + TimeSpan.FromSeconds(i)), firings.Select(f => f.ScheduledAt));
    }

    [Fact]
    public void A_timer_never_fires_after_its_end()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        var end = Epoch + TimeSpan.FromSeconds(10.5);
        var firings = new List<TimerFiring>();
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), end), (f, _) =>
        {
            lock (firings)
                firings.Add(f);
            return ValueTask.CompletedTask;
        });

        for (int i = 0; i < 30; i++)
            time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, firings.Count);
        Assert.All(firings, f => Assert.True(f.ScheduledAt <= end, $"fired at {f.ScheduledAt:O}, after the end {end:O}"));
    }

    [Fact]
    public void A_timer_whose_end_is_before_its_start_never_fires()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        int count = 0;
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), Epoch + TimeSpan.FromSeconds(2)),
            (_, _) => { Interlocked.Increment(ref count); return ValueTask.CompletedTask; });

        for (int i = 0; i < 10; i++)
            time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, count);
    }

    [Fact]
    public void A_one_shot_timer_fires_once_at_its_start()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        var firings = new List<TimerFiring>();
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(3)), (f, _) =>
        {
            lock (firings)
                firings.Add(f);
            return ValueTask.CompletedTask;
        });

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(firings);
        for (int i = 0; i < 10; i++)
            time.Advance(TimeSpan.FromSeconds(1));

        var firing = Assert.Single(firings);
        Assert.Equal(new TimerFiring(Epoch + TimeSpan.FromSeconds(3), 1), firing);
    }

    [Fact]
    public async Task A_start_in_the_past_fires_without_the_clock_moving()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        var fired = new TaskCompletionSource<TimerFiring>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch - TimeSpan.FromMinutes(5)), (f, _) =>
        {
            fired.TrySetResult(f);
            return ValueTask.CompletedTask;
        });

        var firing = await fired.Task.WaitAsync(Patience);

        Assert.Equal(1, firing.Count);
        Assert.Equal(Epoch, time.GetUtcNow());
    }

    [Fact]
    public void Disposing_a_timer_stops_its_firings()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        int count = 0;
        var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            (_, _) => { Interlocked.Increment(ref count); return ValueTask.CompletedTask; });

        for (int i = 0; i < 3; i++)
            time.Advance(TimeSpan.FromSeconds(1));
        timer.Dispose();
        for (int i = 0; i < 10; i++)
            time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, count);
    }

    [Fact]
    public async Task Firings_of_one_timer_never_overlap()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        int running = 0, maxRunning = 0, count = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), async (f, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            Interlocked.Increment(ref count);
            firstStarted.TrySetResult();
            if (f.Count == 1)
                await release.Task;
            Interlocked.Decrement(ref running);
        });

        time.Advance(TimeSpan.FromSeconds(1));
        await firstStarted.Task.WaitAsync(Patience);
        // The first firing is still running: five more periods pass without a second firing.
        for (int i = 0; i < 5; i++)
            time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, Volatile.Read(ref count));

        release.SetResult();
        // Once the first firing completes, the timer resumes.
        await WaitUntil(() => Volatile.Read(ref running) == 0 && Volatile.Read(ref count) >= 1);
        // The timer is re-armed only after the first firing's task completes, on another thread: keep the clock
        // moving until it fires again (a timer that never resumes still fails below, after Patience).
        using (var deadline = new CancellationTokenSource(Patience))
        {
            while (Volatile.Read(ref count) <= 1 && !deadline.IsCancellationRequested)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(5);
            }
        }
        await WaitUntil(() => Volatile.Read(ref running) == 0);

        Assert.True(Volatile.Read(ref count) > 1, "the timer did not resume after a long firing");
        Assert.Equal(1, maxRunning);
    }

    [Fact]
    public async Task A_failing_callback_does_not_stop_its_timer()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        int count = 0;
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), (_, _) =>
        {
            Interlocked.Increment(ref count);
            throw new InvalidOperationException("callback failure");
        });

        for (int i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await WaitUntil(() => Volatile.Read(ref count) > i);
        }

        Assert.Equal(3, Volatile.Read(ref count));
    }

    [Fact]
    public async Task Execution_never_exceeds_the_configured_concurrency()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 2);
        int running = 0, maxRunning = 0, started = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var works = Enumerable.Range(0, 6).Select(i => scheduler.ExecuteAsync(async ct =>
        {
            InterlockedMax(ref maxRunning, Interlocked.Increment(ref running));
            Interlocked.Increment(ref started);
            await release.Task.WaitAsync(ct);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None).AsTask()).ToList();

        await WaitUntil(() => Volatile.Read(ref started) == 2);
        // Two are running and hold both slots; the other four wait.
        await Task.Delay(50);
        Assert.Equal(2, Volatile.Read(ref started));

        release.SetResult();
        var results = await Task.WhenAll(works).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 6), results.Order());
        Assert.Equal(2, maxRunning);
    }

    [Fact]
    public async Task Waiting_for_an_execution_slot_can_be_cancelled()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 1);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = scheduler.ExecuteAsync(_ => new ValueTask<int>(release.Task), CancellationToken.None).AsTask();

        using var cancel = new CancellationTokenSource();
        var waiting = scheduler.ExecuteAsync(_ => ValueTask.FromResult(2), cancel.Token).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        release.SetResult(1);
        Assert.Equal(1, await busy.WaitAsync(Patience));
        // The cancelled waiter did not leak the slot.
        Assert.Equal(3, await scheduler.ExecuteAsync(_ => ValueTask.FromResult(3), CancellationToken.None).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task An_execution_that_throws_releases_its_slot_and_surfaces_the_exception()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scheduler.ExecuteAsync<int>(_ => throw new InvalidOperationException("boom"), CancellationToken.None).AsTask());

        Assert.Equal(7, await scheduler.ExecuteAsync(_ => ValueTask.FromResult(7), CancellationToken.None).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Timers_due_and_repeating_beyond_the_longest_system_timer_fire_on_time()
    {
        // .NET timers refuse due times over about 49.7 days; spell periods go up to 100 years.
        var time = new FakeTimeProvider(Epoch);
        var scheduler = CreateScheduler(time, 1);
        var firings = new List<TimerFiring>();
        int Count()
        {
            lock (firings)
                return firings.Count;
        }
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromDays(100), TimeSpan.FromDays(60)), (f, _) =>
        {
            lock (firings)
                firings.Add(f);
            return ValueTask.CompletedTask;
        });

        for (var day = 1; day < 100; day++)
            time.Advance(TimeSpan.FromDays(1));
        time.Advance(TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, Count());
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntil(() => Count() == 1);

        for (var day = 1; day <= 60; day++)
        {
            time.Advance(TimeSpan.FromDays(1));
            if (day < 60)
                Assert.Equal(1, Count());
        }
        await WaitUntil(() => Count() == 2);
        lock (firings)
            Assert.Equal([Epoch + TimeSpan.FromDays(100), Epoch + TimeSpan.FromDays(160)], firings.Select(f => f.ScheduledAt));
    }

    protected static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
            await Task.Delay(5, timeout.Token);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
