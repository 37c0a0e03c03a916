using Fluence.Kernel.Scheduling;

namespace Fluence.Kernel.Workers.Spells;

/// <summary>
/// What to subscribe a spell to, from its <see cref="TriggerConfig"/> and the current time, with the rules of Nox's
/// spell event bus: a clock with <c>start_sec</c> 0 is off; <c>period_sec</c> 0 fires once at the start;
/// <c>end_sec</c> 0 runs forever; a start in the past starts now; a period over 100 years, or an end before the start
/// or in the past, is rejected.
/// </summary>
public sealed record TriggerPlan(TimerSchedule? Timer, bool OnConnect, bool OnDisconnect)
{
    public const uint MaxPeriodSec = 60u * 60 * 24 * 365 * 100;

    public bool IsEmpty => Timer is null && !OnConnect && !OnDisconnect;

    /// <exception cref="TriggerConfigException">The clock cannot be scheduled.</exception>
    public static TriggerPlan From(TriggerConfig config, DateTimeOffset now)
    {
        TimerSchedule? timer = null;
        var clock = config.Clock;
        if (clock.StartSec != 0)
        {
            if (clock.PeriodSec > MaxPeriodSec)
                throw new TriggerConfigException($"invalid config: period is too big. Max period is 100 years (or approx {MaxPeriodSec} seconds), got period_sec={clock.PeriodSec}");
            DateTimeOffset? end = null;
            if (clock.EndSec != 0)
            {
                if (clock.EndSec < clock.StartSec)
                    throw new TriggerConfigException($"invalid config: end_sec ({clock.EndSec}) is less than start_sec ({clock.StartSec})");
                end = DateTimeOffset.FromUnixTimeSeconds(clock.EndSec);
                if (end < now)
                    throw new TriggerConfigException($"invalid config: end_sec ({clock.EndSec}) is in the past (now is {now.ToUnixTimeSeconds()})");
            }
            var start = DateTimeOffset.FromUnixTimeSeconds(clock.StartSec);
            if (start < now)
                start = now;
            timer = clock.PeriodSec == 0
                ? new TimerSchedule(start)
                : new TimerSchedule(start, TimeSpan.FromSeconds(clock.PeriodSec), end);
        }
        return new TriggerPlan(timer, config.Connections.Connect, config.Connections.Disconnect);
    }
}
