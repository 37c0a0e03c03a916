using Fluence.Kernel.Hosting;

namespace Fluence.Kernel.TestPlugins;

/// <summary>
/// Appends "start &lt;name&gt;" / "stop &lt;name&gt;" to <c>DataDirectory/lifecycle.log</c>, so a test can see the
/// order in which the host started and stopped plugins that live in other load contexts.
/// </summary>
internal class RecordingLifecycle(IPeerEnvironment environment, string name) : IPeerLifecycle
{
    public const string LogFileName = "lifecycle.log";

    public Task StartAsync(CancellationToken cancellationToken) => Record("start");

    public Task StopAsync(CancellationToken cancellationToken) => Record("stop");

    private Task Record(string what) =>
        File.AppendAllTextAsync(Path.Combine(environment.DataDirectory, LogFileName), $"{what} {name}\n");
}
