using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Libp2p.Wire;

namespace Fluence.Kernel.Plugins.Libp2p.Kademlia;

internal enum KadMessageType
{
    PutValue = 0,
    GetValue = 1,
    AddProvider = 2,
    GetProviders = 3,
    FindNode = 4,
    Ping = 5,
}

/// <summary>A peer in a Kademlia answer: id (1), addresses (2), connection type (3).</summary>
internal sealed record KadPeer(PeerId Id, IReadOnlyList<Multiaddr> Addresses);

/// <summary>
/// The libp2p Kademlia DHT message, limited to what FIND_NODE uses: <c>type</c> (1), <c>key</c> (2),
/// <c>closerPeers</c> (8). Records and providers are skipped. Peers with ids we cannot use (non-Ed25519) or
/// addresses we cannot dial keep only what is usable.
/// </summary>
internal sealed record KadMessage(KadMessageType Type, byte[] Key, IReadOnlyList<KadPeer> CloserPeers)
{
    public const int MaxLength = 1024 * 1024;
    public const int MaxPeers = 64;
    public const int MaxAddressesPerPeer = 32;

    public byte[] Encode()
    {
        var w = new ProtoWriter();
        w.WriteVarint(1, (ulong)Type);
        w.WriteBytes(2, Key);
        foreach (var peer in CloserPeers)
        {
            var p = new ProtoWriter();
            p.WriteBytes(1, peer.Id.Bytes);
            foreach (var address in peer.Addresses)
                p.WriteBytes(2, address.WithoutPeerId().ToBytes());
            p.WriteVarint(3, 0);
            w.WriteBytes(8, p.ToArray());
        }
        return w.ToArray();
    }

    public static KadMessage Decode(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        ulong type = 0;
        byte[] key = [];
        var peers = new List<KadPeer>();
        while (r.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: type = r.ReadVarint(wire); break;
                case 2: key = r.ReadBytes(wire).ToArray(); break;
                case 8:
                    if (peers.Count >= MaxPeers)
                        throw new FormatException($"kademlia message carries more than {MaxPeers} peers");
                    if (DecodePeer(r.ReadBytes(wire)) is { } peer)
                        peers.Add(peer);
                    break;
                default: r.Skip(wire); break;
            }
        }
        if (type > (ulong)KadMessageType.Ping)
            throw new FormatException($"kademlia message of unknown type {type}");
        return new KadMessage((KadMessageType)type, key, peers);
    }

    private static KadPeer? DecodePeer(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        PeerId? id = null;
        var addresses = new List<Multiaddr>();
        while (r.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    PeerId.TryFromBytes(r.ReadBytes(wire), out id, out _);
                    break;
                case 2:
                    var bytes = r.ReadBytes(wire);
                    if (addresses.Count >= MaxAddressesPerPeer)
                        throw new FormatException($"kademlia peer carries more than {MaxAddressesPerPeer} addresses");
                    try
                    {
                        addresses.Add(Multiaddr.FromBytes(bytes));
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
                    {
                        // An address of a transport we do not speak.
                    }
                    break;
                default: r.Skip(wire); break;
            }
        }
        return id is null ? null : new KadPeer(id, addresses);
    }
}
