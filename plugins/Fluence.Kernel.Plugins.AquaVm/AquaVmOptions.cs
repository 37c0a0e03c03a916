namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>Configuration section <c>AquaVm</c>.</summary>
public sealed class AquaVmOptions
{
    public const string SectionName = "AquaVm";

    /// <summary>
    /// Path of <c>avm.wasm</c> (npm <c>@fluencelabs/avm</c> 0.62.0). Empty: <c>$FLUENCE_COMPONENTS_DIR/avm/…</c>,
    /// else the first <c>.components/avm/…</c> found above the application folder (see <see cref="AvmWasmLocator"/>).
    /// </summary>
    public string? AvmWasmPath { get; set; }

    /// <summary>
    /// AquaVM instances kept for concurrent invocations (one invocation per instance at a time), in each of the two
    /// pools: loop-free scripts and scripts with loops.
    /// </summary>
    public int PoolSize { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>
    /// Instantiate the whole loop-free pool and one instance for scripts with loops in the background after start,
    /// not on the first burst of particles.
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// An invocation of a script with loops (<c>fold</c>) running longer is stopped and its instance replaced. A
    /// loop-free script runs to its end on instances without interruption checks (see <c>LoopFreeScript</c>).
    /// </summary>
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Linear memory one instance may hold; AquaVM starts at 10 MiB and grows with particle data.</summary>
    public ulong MemoryLimitBytes { get; set; } = 1UL << 30;

    /// <summary>The guest logger's level (<c>WASM_LOG</c>): off, error, warn, info, debug or trace.</summary>
    public string WasmLog { get; set; } = "off";
}
