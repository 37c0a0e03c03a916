namespace Fluence.Kernel.Scheduling;

/// <param name="Start">First firing; a start in the past fires now.</param>
/// <param name="Period">Null or zero: one-shot.</param>
/// <param name="End">Null: forever. No firing is later than the end.</param>
public sealed record TimerSchedule(DateTimeOffset Start, TimeSpan? Period = null, DateTimeOffset? End = null);

/// <param name="ScheduledAt">When this firing was due.</param>
/// <param name="Count">1 for the first firing, then 2, 3, …</param>
public readonly record struct TimerFiring(DateTimeOffset ScheduledAt, long Count);
