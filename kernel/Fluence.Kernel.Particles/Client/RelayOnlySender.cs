using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Pipeline;

namespace Fluence.Kernel.Particles.Client;

/// <summary>A client sends every particle to its relay, whatever the next peer (js-client does the same).</summary>
internal sealed class RelayOnlySender(IParticleSender transportSender, PeerId relay) : IParticleSender
{
    public ValueTask SendAsync(Particle particle, PeerId peer, CancellationToken cancellationToken) =>
        transportSender.SendAsync(particle, relay, cancellationToken);
}
