using System.ComponentModel.DataAnnotations;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>Configuration section <c>Particles</c>. Every queue is bounded; the defaults follow Nox.</summary>
public sealed class ParticlePipelineOptions
{
    public const string SectionName = "Particles";

    /// <summary>Largest particle frame accepted or sent (Nox: 100 MiB).</summary>
    [Range(1024, int.MaxValue)]
    public int MaxFrameSize { get; set; } = Wire.ParticleCodec.DefaultMaxFrameSize;

    /// <summary>Frames decoded and ingested concurrently (Nox: 2 × cores).</summary>
    [Range(1, 1024)]
    public int IntakeParallelism { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>Messages (arriving copies, call results) one actor may have waiting; intake waits when full.</summary>
    [Range(1, 1_000_000)]
    public int MailboxCapacity { get; set; } = 128;

    /// <summary>Live actors (particles in flight) per peer; further particles are dropped until some expire.</summary>
    [Range(1, 10_000_000)]
    public int MaxActors { get; set; } = 100_000;

    /// <summary>Budget of one service call (Nox's particle_execution_timeout); never more than the particle's time left.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ServiceCallTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often expired actors and their data are reaped.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReapInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Sends to other peers in flight at once per peer.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentSends { get; set; } = 256;
}
