using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Fluence.Kernel.Storage.Benchmarks;

/// <summary>
/// Jobs run in this process: the benchmarks start a daemon from the installed component and need no rebuild of the
/// project in a generated folder (which, in a shared work tree, would race other builds).
/// </summary>
internal static class InProcessConfig
{
    /// <summary>One add or one whole read per iteration: how module uploads and fetches happen.</summary>
    public sealed class Monitoring : ManualConfig
    {
        public Monitoring() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(2)
            .WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance));
    }

    public sealed class Short : ManualConfig
    {
        public Short() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
