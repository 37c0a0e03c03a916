using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Builtins;

/// <summary>The particle a call belongs to and the scope it runs in.</summary>
/// <param name="ScopePeerId">The host, or the worker the particle was addressed to (AquaVM's current_peer_id).</param>
/// <param name="VaultDirectory">The particle's scratch directory (<c>vault.*</c>, files fetched by <c>aqua-ipfs</c>); created on first use, removed with the particle.</param>
public sealed record ParticleContext(Particle Particle, PeerId HostId, PeerId ScopePeerId, string VaultDirectory)
{
    public bool IsWorkerScope => ScopePeerId != HostId;
}
