using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Wire;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Encodes the particle and hands the frame to the transport slot.</summary>
public sealed class TransportParticleSender(ITransport transport, ParticleCodec codec, ParticleTelemetry telemetry, ILogger<TransportParticleSender> logger)
    : IParticleSender
{
    public async ValueTask SendAsync(Particle particle, PeerId peer, CancellationToken cancellationToken)
    {
        var frame = codec.Encode(particle);
        if (frame.Length > codec.MaxFrameSize)
        {
            telemetry.SendFailed();
            logger.LogWarning("Not sending {Particle} to {Peer}: frame of {Size} bytes exceeds the maximum", particle, peer, frame.Length);
            return;
        }
        try
        {
            await transport.SendAsync(peer, frame, cancellationToken);
            telemetry.Sent();
        }
        catch (PeerUnreachableException e)
        {
            telemetry.SendFailed();
            logger.LogInformation("Could not send {Particle} to {Peer}: {Reason}", particle, peer, e.Message);
        }
    }
}
