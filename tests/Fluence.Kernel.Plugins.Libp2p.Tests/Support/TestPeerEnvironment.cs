using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Libp2p.Tests.Support;

internal sealed class TestPeerEnvironment(KeyPair key) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = key;
    public string DataDirectory { get; } = Path.GetTempPath();
    public TimeProvider Time => TimeProvider.System;
}
