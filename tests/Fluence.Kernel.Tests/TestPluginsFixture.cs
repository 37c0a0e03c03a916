using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Testing;
using Xunit;

namespace Fluence.Kernel.Tests;

/// <summary>
/// Builds the real throwaway plugins of <c>tests/TestPlugins</c> once per test run, in one <c>dotnet build</c>,
/// against the abstractions assembly this test host runs with. The output folder is stable per host assembly, so a
/// re-run builds incrementally.
/// </summary>
public sealed class TestPluginsFixture : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), "fluence-test-plugins-" + Hash(typeof(IFluencePlugin).Assembly.Location));

    /// <summary>Folder holding one built plugin folder per test plugin project.</summary>
    public string PluginsDirectory => Path.Combine(OutputDirectory, "plugins");

    public string PluginFolder(string project) => Path.Combine(PluginsDirectory, project);

    public async Task InitializeAsync()
    {
        var solution = Path.Combine(RepoPaths.Root, "tests", "TestPlugins", "TestPlugins.slnx");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(solution)!,
        };
        foreach (var arg in new[]
                 {
                     "build", solution, "-nologo", "-v:q", "-nodeReuse:false",
                     $"-p:TestPluginsOutDir={OutputDirectory}",
                     $"-p:FluenceAbstractionsPath={typeof(IFluencePlugin).Assembly.Location}",
                 })
            start.ArgumentList.Add(arg);
        // The test host's MSBuild variables would point the child build at the wrong SDK pieces.
        foreach (var variable in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(variable);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"building the test plugins took longer than {BuildTimeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"building the test plugins failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

[CollectionDefinition(Name)]
public sealed class TestPluginsCollection : ICollectionFixture<TestPluginsFixture>
{
    public const string Name = "test plugins";
}
