using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Plugins.Libp2p.Kademlia;

/// <summary>
/// Kademlia k-buckets around the local peer: 256 buckets by XOR distance, at most k peers each (least recently seen
/// first). A full bucket keeps its peers, as Kademlia prefers long-lived ones; a peer that disconnects for good is
/// removed by <see cref="Remove"/>.
/// </summary>
internal sealed class RoutingTable
{
    private readonly KademliaKey _self;
    private readonly PeerId _selfId;
    private readonly int _k;
    private readonly List<Entry>[] _buckets = Enumerable.Range(0, 256).Select(_ => new List<Entry>()).ToArray();
    private readonly object _gate = new();

    private sealed record Entry(PeerId Peer, KademliaKey Key, IReadOnlyList<Multiaddr> Addresses);

    public RoutingTable(PeerId self, int k)
    {
        _selfId = self;
        _self = KademliaKey.FromPeer(self);
        _k = k;
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _buckets.Sum(b => b.Count);
        }
    }

    /// <summary>Adds or refreshes a peer; false when its bucket is full (or it is us).</summary>
    public bool AddOrUpdate(PeerId peer, IReadOnlyList<Multiaddr> addresses)
    {
        if (peer == _selfId)
            return false;
        var key = KademliaKey.FromPeer(peer);
        var bucket = _buckets[_self.BucketOf(key)];
        lock (_gate)
        {
            int index = bucket.FindIndex(e => e.Peer == peer);
            if (index >= 0)
            {
                var existing = bucket[index];
                bucket.RemoveAt(index);
                bucket.Add(existing with { Addresses = addresses.Count > 0 ? addresses : existing.Addresses });
                return true;
            }
            if (bucket.Count >= _k)
                return false;
            bucket.Add(new Entry(peer, key, addresses));
            return true;
        }
    }

    public void Remove(PeerId peer)
    {
        var bucket = _buckets[_self.BucketOf(KademliaKey.FromPeer(peer))];
        lock (_gate)
            bucket.RemoveAll(e => e.Peer == peer);
    }

    public bool Contains(PeerId peer)
    {
        var bucket = _buckets[Math.Max(0, _self.BucketOf(KademliaKey.FromPeer(peer)))];
        lock (_gate)
            return bucket.Any(e => e.Peer == peer);
    }

    public IReadOnlyList<Multiaddr>? AddressesOf(PeerId peer)
    {
        if (peer == _selfId)
            return null;
        var bucket = _buckets[_self.BucketOf(KademliaKey.FromPeer(peer))];
        lock (_gate)
            return bucket.FirstOrDefault(e => e.Peer == peer)?.Addresses;
    }

    /// <summary>Up to <paramref name="count"/> known peers closest to <paramref name="target"/>.</summary>
    public IReadOnlyList<KadPeer> Closest(KademliaKey target, int count)
    {
        lock (_gate)
        {
            return _buckets.SelectMany(b => b)
                .OrderBy(e => e.Key.DistanceTo(target))
                .Take(count)
                .Select(e => new KadPeer(e.Peer, e.Addresses))
                .ToList();
        }
    }
}
