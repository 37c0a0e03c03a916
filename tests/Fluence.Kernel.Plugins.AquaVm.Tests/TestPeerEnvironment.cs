using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

/// <summary>A peer environment over a fresh key and a given data directory.</summary>
internal sealed class TestPeerEnvironment(string dataDirectory) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = KeyPair.Generate();

    public string DataDirectory { get; } = dataDirectory;

    public TimeProvider Time => TimeProvider.System;
}
