namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Routes particles to their actors (Nox's plumber).</summary>
public interface IParticlePlumber
{
    /// <summary>
    /// Checks expiry and signature (dropping with a log line and a metric), then queues the particle to the actor of
    /// (scope, signature), waiting while its mailbox is full. Returns whether the particle was accepted.
    /// </summary>
    ValueTask<bool> IngestAsync(Particle particle, PeerScope scope, CancellationToken cancellationToken);

    /// <summary>Particles in flight (live actors).</summary>
    int ActiveActors { get; }

    /// <summary>Removes actors, prev_data and vaults of particles past their deadline.</summary>
    Task ReapExpiredAsync();
}
