using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Transport;

public sealed class PeerUnreachableException(PeerId peer, string reason, Exception? inner = null)
    : Exception($"peer {peer} is unreachable: {reason}", inner)
{
    public PeerId Peer { get; } = peer;
}
