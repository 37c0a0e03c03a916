using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Loopback;

/// <summary>
/// A named in-process network: the peers that joined it can reach each other. Networks are process-wide by name, so
/// tests that use distinct names never see each other's peers.
/// </summary>
public sealed class LoopbackNetwork
{
    private static readonly ConcurrentDictionary<string, LoopbackNetwork> Networks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PeerId, LoopbackTransport> _members = new();

    private LoopbackNetwork(string name) => Name = name;

    public string Name { get; }

    public static LoopbackNetwork Get(string name) => Networks.GetOrAdd(name, n => new LoopbackNetwork(n));

    /// <summary>Peers currently on the network.</summary>
    public IReadOnlyCollection<PeerId> Members => _members.Keys.ToArray();

    internal void Join(LoopbackTransport transport)
    {
        if (!_members.TryAdd(transport.LocalPeer, transport))
            throw new InvalidOperationException($"peer {transport.LocalPeer} is already on loopback network '{Name}'");
    }

    internal void Leave(LoopbackTransport transport) =>
        _members.TryRemove(new KeyValuePair<PeerId, LoopbackTransport>(transport.LocalPeer, transport));

    internal bool TryFind(PeerId peer, [NotNullWhen(true)] out LoopbackTransport? transport) => _members.TryGetValue(peer, out transport);
}
