using System.ComponentModel.DataAnnotations;

namespace Fluence.Kernel.Plugins.Scheduler;

/// <summary>The <c>Scheduler</c> configuration section.</summary>
public sealed class SchedulerOptions
{
    /// <summary>How many <see cref="Scheduling.IScheduler.ExecuteAsync{T}"/> calls run at once. Default: 2 × processor count.</summary>
    [Range(1, 65536)]
    public int MaxConcurrency { get; set; } = 2 * Environment.ProcessorCount;
}
