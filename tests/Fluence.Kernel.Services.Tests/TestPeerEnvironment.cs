using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Services.Tests;

internal sealed class TestPeerEnvironment(KeyPair hostKey, string dataDirectory) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = hostKey;

    public string DataDirectory { get; } = dataDirectory;

    public TimeProvider Time => TimeProvider.System;
}
