using Fluence.Kernel.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fluence.Kernel.Plugins.Scheduler.Tests;

/// <summary>Behaviour specific to this scheduler beyond the conformance suite.</summary>
public sealed class TimeProviderSchedulerTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_clock_jump_skips_missed_periods_instead_of_replaying_them()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = new TimeProviderScheduler(time, 2);
        var firings = new List<TimerFiring>();
        using var timer = scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)), (f, _) =>
        {
            firings.Add(f);
            return ValueTask.CompletedTask;
        });

        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(100.5));
        time.Advance(TimeSpan.FromSeconds(0.5));

        // 1 s fires; the jump to 101.5 s fires once (due 2 s, late); then 102 s is the next boundary.
        Assert.Equal([Epoch + TimeSpan.FromSeconds(1), Epoch + TimeSpan.FromSeconds(2), Epoch + TimeSpan.FromSeconds(102)],
            firings.Select(f => f.ScheduledAt));
    }

    [Fact]
    public async Task Stopping_cancels_timers_and_refuses_new_ones()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = new TimeProviderScheduler(time, 2);
        int count = 0;
        scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            (_, _) => { count++; return ValueTask.CompletedTask; });
        time.Advance(TimeSpan.FromSeconds(1));

        await scheduler.StopAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, count);
        Assert.Throws<ObjectDisposedException>(() => scheduler.Schedule(new TimerSchedule(Epoch), (_, _) => ValueTask.CompletedTask));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scheduler.ExecuteAsync(_ => ValueTask.FromResult(1), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task Disposing_twice_and_stopping_after_dispose_are_harmless()
    {
        var time = new FakeTimeProvider(Epoch);
        var scheduler = new TimeProviderScheduler(time, 2);
        var count = 0;
        scheduler.Schedule(new TimerSchedule(Epoch + TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
            (_, _) => { count++; return ValueTask.CompletedTask; });

        await scheduler.DisposeAsync();
        await scheduler.DisposeAsync();
        await scheduler.StopAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, count);
    }

    [Fact]
    public void The_default_concurrency_is_twice_the_processor_count()
    {
        Assert.Equal(2 * Environment.ProcessorCount, new SchedulerOptions().MaxConcurrency);
    }

    [Fact]
    public void A_negative_period_is_rejected()
    {
        var scheduler = new TimeProviderScheduler(new FakeTimeProvider(Epoch), 1);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            scheduler.Schedule(new TimerSchedule(Epoch, TimeSpan.FromSeconds(-1)), (_, _) => ValueTask.CompletedTask));
    }
}
