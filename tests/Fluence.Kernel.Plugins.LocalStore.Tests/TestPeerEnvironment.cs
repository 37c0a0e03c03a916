using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.LocalStore.Tests;

internal sealed class TestPeerEnvironment(string dataDirectory) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = KeyPair.Generate();
    public string DataDirectory { get; } = dataDirectory;
    public TimeProvider Time => TimeProvider.System;
}
