namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>Configuration section <c>Wasmtime</c>.</summary>
public sealed class WasmtimeOptions
{
    /// <summary>Maximum native Wasm stack per call. Marine's default is 2 MiB; Wasmtime refuses more than its async stack (2 MiB).</summary>
    public int MaxWasmStackBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Deadline of one call into a service (the caller's CancellationToken can cut it shorter).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the engine's epoch advances: the granularity of deadlines and cancellation.</summary>
    public TimeSpan EpochTick { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Memory limit of a service (all its modules together) when its definition gives none; null = unlimited.</summary>
    public long? DefaultTotalMemoryLimit { get; set; }

    /// <summary>
    /// The effector allow-list: module CID → import names of mounted binaries that module may use. A module config
    /// naming a mounted binary not listed here for its CID is refused.
    /// </summary>
    public Dictionary<string, List<string>> AllowedMountedBinaries { get; set; } = new();

    /// <summary>Where compiled modules are cached; default <c>DataDirectory/wasmtime/cache</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Value of <c>WASM_LOG</c> in every module's environment: the guest logger's level (off, error, warn, info, debug, trace).</summary>
    public string GuestLogLevel { get; set; } = "info";

    /// <summary>Longest run of a mounted binary.</summary>
    public TimeSpan MountedBinaryTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
