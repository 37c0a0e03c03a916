using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Transport;

public sealed record PeerConnectionEvent(PeerId Peer, bool Connected);
