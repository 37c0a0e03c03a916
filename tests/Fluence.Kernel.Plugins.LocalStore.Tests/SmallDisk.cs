using System.Diagnostics;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.LocalStore.Tests;

/// <summary>
/// A real, tiny file system (tmpfs of a few MiB) to run out of space on. Mounting needs root, as CI runs; elsewhere the
/// test fails with what it needs rather than skipping.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly TempDirectory _mountPoint = new("small-disk");

    private SmallDisk(int sizeKiB)
    {
        Run("mount", $"-t tmpfs -o size={sizeKiB}k fluence-small-disk {_mountPoint.Path}");
    }

    public string Path => _mountPoint.Path;

    public static SmallDisk Mount(int sizeKiB) =>
        Environment.UserName == "root" || geteuid() == 0
            ? new SmallDisk(sizeKiB)
            : throw new InvalidOperationException("this test mounts a small tmpfs to fill it and must run as root (as eng/test.sh in CI does)");

    public void Dispose()
    {
        Run("umount", _mountPoint.Path);
        _mountPoint.Dispose();
    }

    private static void Run(string command, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {arguments} failed: {error}");
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();
}
