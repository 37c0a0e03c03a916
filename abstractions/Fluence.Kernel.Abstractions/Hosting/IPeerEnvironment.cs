using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Hosting;

/// <summary>The host peer's identity and places, registered by the kernel for every plugin.</summary>
public interface IPeerEnvironment
{
    /// <summary>The host peer's key (the root key; workers have their own).</summary>
    KeyPair HostKey { get; }

    PeerId HostId => HostKey.PeerId;

    /// <summary>The peer's data directory; a plugin keeps its files under <c>DataDirectory/&lt;plugin id&gt;</c>.</summary>
    string DataDirectory { get; }

    /// <summary>The clock every component uses, so tests can run on a fake one.</summary>
    TimeProvider Time { get; }
}
