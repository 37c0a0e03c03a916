using Fluence.Kernel.Hosting;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Wire;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// The running pipeline of a peer: intake loops from the transport into the plumber, and the reaper of expired
/// actors. Starts after the transport and the interpreter (it requires both), stops before them.
/// </summary>
public sealed class ParticlePipeline(
    ITransport transport,
    ParticleCodec codec,
    IParticlePlumber plumber,
    IPeerScopes scopes,
    ParticleTelemetry telemetry,
    IOptions<ParticlePipelineOptions> options,
    TimeProvider time,
    ILogger<ParticlePipeline> logger) : IPeerLifecycle
{
    private CancellationTokenSource? _running;
    private Task _work = Task.CompletedTask;

    public IParticlePlumber Plumber => plumber;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
            throw new InvalidOperationException("the particle pipeline is already running");
        _running = new CancellationTokenSource();
        var intake = new ParticleIntake(transport.Inbound, codec, plumber, scopes.Host, telemetry, logger);
        _work = Task.WhenAll(intake.RunAsync(options.Value.IntakeParallelism, _running.Token), ReapAsync(_running.Token));
        logger.LogInformation("Particle pipeline of {Peer} started", scopes.Host.PeerId);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
            return;
        await _running.CancelAsync();
        await _work.WaitAsync(cancellationToken);
        if (plumber is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        _running.Dispose();
        _running = null;
    }

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReapInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
                await plumber.ReapExpiredAsync();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
