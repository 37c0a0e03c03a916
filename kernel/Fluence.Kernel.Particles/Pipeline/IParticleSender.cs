using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Sends a particle to a remote peer (Nox's effectors); failures are logged and counted, never thrown.</summary>
public interface IParticleSender
{
    ValueTask SendAsync(Particle particle, PeerId peer, CancellationToken cancellationToken);
}
