using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers.Tests;

internal sealed class TestPeerEnvironment(KeyPair hostKey, string dataDirectory, TimeProvider time) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = hostKey;
    public string DataDirectory { get; } = dataDirectory;
    public TimeProvider Time { get; } = time;
}
