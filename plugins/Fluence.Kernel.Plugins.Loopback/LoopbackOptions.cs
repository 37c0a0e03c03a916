namespace Fluence.Kernel.Plugins.Loopback;

/// <summary>Configuration section <c>Loopback</c> (validated by <see cref="LoopbackPlugin"/>).</summary>
public sealed class LoopbackOptions
{
    public const string SectionName = "Loopback";

    /// <summary>The in-process network to join; peers on different networks cannot reach each other.</summary>
    public string Network { get; set; } = "default";

    /// <summary>Delay of every frame this peer sends.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Probability (0..1) that a frame this peer sends is silently lost.</summary>
    public double LossRate { get; set; }

    /// <summary>Seed of the loss decisions, for reproducible tests; null = random.</summary>
    public int? LossSeed { get; set; }

    /// <summary>Frames waiting to be read by the kernel; senders wait when it is full (back-pressure).</summary>
    public int InboundCapacity { get; set; } = 128;

    /// <summary>Largest frame accepted (the same limit as the libp2p transport).</summary>
    public int MaxFrameSize { get; set; } = 100 * 1024 * 1024;
}
