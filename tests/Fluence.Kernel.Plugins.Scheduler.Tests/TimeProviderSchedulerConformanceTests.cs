using Fluence.Kernel.Conformance;
using Fluence.Kernel.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Fluence.Kernel.Plugins.Scheduler.Tests;

public sealed class TimeProviderSchedulerConformanceTests : SchedulerConformance
{
    protected override IScheduler CreateScheduler(FakeTimeProvider time, int maxConcurrency) => new TimeProviderScheduler(time, maxConcurrency);
}
