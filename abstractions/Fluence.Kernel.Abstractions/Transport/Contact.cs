using Fluence.Kernel.Addressing;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Transport;

/// <summary>A peer and the addresses it can be reached at (<c>peer.get_contact</c>, <c>kad.neigh_with_addrs</c>).</summary>
public sealed record Contact(PeerId PeerId, IReadOnlyList<Multiaddr> Addresses);
