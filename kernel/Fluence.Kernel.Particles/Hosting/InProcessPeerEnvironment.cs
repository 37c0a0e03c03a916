using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Hosting;

/// <summary>The environment of an in-process peer (tests, <c>fluence local run</c>).</summary>
public sealed class InProcessPeerEnvironment(KeyPair hostKey, string dataDirectory, TimeProvider? time = null) : IPeerEnvironment
{
    public KeyPair HostKey { get; } = hostKey;

    public string DataDirectory { get; } = dataDirectory;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;
}
