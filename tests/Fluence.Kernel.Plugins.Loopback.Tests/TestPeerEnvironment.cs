using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Loopback.Tests;

internal sealed class TestPeerEnvironment(KeyPair key) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = key;

    public string DataDirectory => Path.GetTempPath();

    public TimeProvider Time => TimeProvider.System;
}
