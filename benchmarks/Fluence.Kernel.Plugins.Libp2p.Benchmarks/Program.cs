using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Fluence.Kernel.Plugins.Libp2p.Benchmarks;
using Fluence.Kernel.Testing;

// In-process toolchain: the shared tree is being built by others, a generated project per run would fight over obj/.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(8).WithLaunchCount(1));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(YamuxNoiseBenchmarks).Assembly).Run(args, config).ToList();

Console.WriteLine();
Console.WriteLine("| measurement | Fluence.Kernel (C#) | js-libp2p 3.3 (same run) |");
Console.WriteLine("|---|---|---|");
var js = RunJsBaseline();
foreach (var report in summaries.SelectMany(s => s.Reports).Where(r => r.ResultStatistics is not null))
{
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    double seconds = report.ResultStatistics!.Mean / 1e9;
    switch (name)
    {
        case nameof(YamuxNoiseBenchmarks.StreamThroughput):
            Console.WriteLine($"| yamux stream over noise, loopback TCP | {YamuxNoiseBenchmarks.MegabytesPerOperation / seconds:F1} MB/s | {js.GetValueOrDefault("THROUGHPUT_MBPS", "n/a")} MB/s |");
            break;
        case nameof(YamuxNoiseBenchmarks.Handshake):
            Console.WriteLine($"| connection upgrades (tcp+noise+yamux) | {1 / seconds:F1} /s | {js.GetValueOrDefault("HANDSHAKES_PER_S", "n/a")} /s |");
            break;
        case nameof(ParticleRoundTripBenchmarks.RoundTrip):
            Console.WriteLine($"| particle frame round trip (2 KiB) | {seconds * 1e6:F0} µs | n/a |");
            break;
    }
}

static Dictionary<string, string> RunJsBaseline()
{
    var results = new Dictionary<string, string>();
    try
    {
        var script = RepoPaths.Component("jslibp2p", "bench.mjs");
        var start = new ProcessStartInfo("node", [script]) { RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(script)! };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Trim().Split(' ');
            if (parts.Length == 2)
                results[parts[0]] = parts[1];
        }
    }
    catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
    {
        Console.WriteLine($"js-libp2p baseline not run: {ex.Message}");
    }
    return results;
}
