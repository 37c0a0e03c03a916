global using LoopbackEndpoint = (
    System.Func<Fluence.Kernel.Transport.InboundFrame, System.Threading.CancellationToken, System.Threading.Tasks.ValueTask> Deliver,
    System.Action<Fluence.Kernel.Identity.PeerId, bool> SetConnected,
    System.Collections.Generic.IReadOnlyList<Fluence.Kernel.Addressing.Multiaddr> ListenAddresses);
using System.Collections.Concurrent;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Loopback;

/// <summary>
/// A named in-process network: the peers that joined it can reach each other. Networks are process-wide by name, so
/// tests that use distinct names never see each other's peers.
/// </summary>
/// <remarks>
/// Process-wide means across assembly load contexts too: each peer host loads a plugin folder into a context of its
/// own, so a static table of this assembly would split one network into one per peer. The table lives in
/// <see cref="AppContext"/> data instead, and members are held only as BCL and abstractions types
/// (<see cref="LoopbackEndpoint"/>), which every load context shares.
/// </remarks>
public sealed class LoopbackNetwork
{
    private const string RegistryKey = "Fluence.Kernel.Plugins.Loopback.Networks.v1";
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<PeerId, LoopbackEndpoint>> Registry = SharedRegistry();
    private readonly ConcurrentDictionary<PeerId, LoopbackEndpoint> _members;

    private LoopbackNetwork(string name, ConcurrentDictionary<PeerId, LoopbackEndpoint> members)
    {
        Name = name;
        _members = members;
    }

    public string Name { get; }

    public static LoopbackNetwork Get(string name) => new(name, Registry.GetOrAdd(name, _ => new ConcurrentDictionary<PeerId, LoopbackEndpoint>()));

    /// <summary>Peers currently on the network.</summary>
    public IReadOnlyCollection<PeerId> Members => _members.Keys.ToArray();

    internal void Join(PeerId peer, LoopbackEndpoint endpoint)
    {
        if (!_members.TryAdd(peer, endpoint))
            throw new InvalidOperationException($"peer {peer} is already on loopback network '{Name}'");
    }

    internal void Leave(PeerId peer, LoopbackEndpoint endpoint) => _members.TryRemove(new KeyValuePair<PeerId, LoopbackEndpoint>(peer, endpoint));

    internal bool TryFind(PeerId peer, out LoopbackEndpoint endpoint) => _members.TryGetValue(peer, out endpoint);

    private static ConcurrentDictionary<string, ConcurrentDictionary<PeerId, LoopbackEndpoint>> SharedRegistry()
    {
        // The process's one AppDomain object is the lock every load context can see; it is held once per context.
        lock (AppDomain.CurrentDomain)
        {
            if (AppContext.GetData(RegistryKey) is ConcurrentDictionary<string, ConcurrentDictionary<PeerId, LoopbackEndpoint>> registry)
                return registry;
            registry = new ConcurrentDictionary<string, ConcurrentDictionary<PeerId, LoopbackEndpoint>>(StringComparer.Ordinal);
            AppContext.SetData(RegistryKey, registry);
            return registry;
        }
    }
}
