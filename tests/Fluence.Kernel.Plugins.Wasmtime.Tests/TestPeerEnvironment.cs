using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>A peer environment over a temporary data directory and the system clock.</summary>
internal sealed class TestPeerEnvironment(string dataDirectory) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = KeyPair.Generate();
    public string DataDirectory { get; } = dataDirectory;
    public TimeProvider Time { get; } = TimeProvider.System;
}
