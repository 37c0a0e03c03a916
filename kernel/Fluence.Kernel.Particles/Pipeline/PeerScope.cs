using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Where a particle executes: the host or (later) one of its workers, with the key AquaVM signs with.</summary>
public sealed record PeerScope(PeerId PeerId, KeyPair Key, bool IsHost);
