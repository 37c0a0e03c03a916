using System.Threading.Channels;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Wire;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Nox's dispatcher: a fixed number of loops read frames from the transport's bounded inbound channel, decode them
/// and hand them to the plumber in the host scope. A loop waits while an actor's mailbox is full, so back-pressure
/// reaches the transport instead of growing a queue.
/// </summary>
public sealed class ParticleIntake(
    ChannelReader<InboundFrame> inbound,
    ParticleCodec codec,
    IParticlePlumber plumber,
    PeerScope scope,
    ParticleTelemetry telemetry,
    ILogger logger)
{
    public Task RunAsync(int parallelism, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(() => LoopAsync(cancellationToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in inbound.ReadAllAsync(cancellationToken))
            {
                if (!codec.TryDecode(frame.Frame, out var particle, out var error))
                {
                    telemetry.Dropped(DropReasons.Malformed);
                    logger.LogInformation("Dropped a malformed particle frame from {Peer}: {Error}", frame.From, error);
                    continue;
                }
                telemetry.Received();
                try
                {
                    await plumber.IngestAsync(particle, scope, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    // One bad particle must not stop the intake loop.
                    logger.LogError(e, "Ingesting {Particle} from {Peer} failed", particle, frame.From);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
