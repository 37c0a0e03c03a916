using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// A short job by default keeps a run within minutes on the 2-core machine; a job given on the command line (--job,
// --inProcess) replaces it. Building the generated project can take longer than BenchmarkDotNet's default 2 minutes
// on a loaded machine.
string[] jobOptions = ["--job", "-j", "--inProcess", "-i"];
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
if (!args.Any(jobOptions.Contains))
    config.AddJob(Job.ShortRun);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
