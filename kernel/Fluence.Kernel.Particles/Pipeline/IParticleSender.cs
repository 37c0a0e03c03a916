using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Sends a particle to a remote peer (Nox's effectors); failures are logged and counted, never thrown;
/// cancellation (the particle expired in flight, the peer stops) is thrown.</summary>
public interface IParticleSender
{
    ValueTask SendAsync(Particle particle, PeerId peer, CancellationToken cancellationToken);
}
