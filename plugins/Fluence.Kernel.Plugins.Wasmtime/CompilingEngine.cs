using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>
/// A Wasmtime engine and the cache of modules compiled by it. Code compiled for an engine with epoch interruption
/// checks the epoch at every function entry and loop head (what lets a deadline stop a running guest); code compiled
/// without it has no checks, so the two engines compile and cache the same module separately.
/// </summary>
internal sealed class CompilingEngine : IDisposable
{
    public CompilingEngine(WasmtimeOptions options, bool interruptible, string cacheDirectory, ILogger logger)
    {
        Interruptible = interruptible;
        var config = new Config()
            .WithEpochInterruption(interruptible)
            .WithMaximumStackSize(options.MaxWasmStackBytes)
            .WithOptimizationLevel(OptimizationLevel.Speed);
        Engine = new Engine(config);
        var key = interruptible ? $"wasmtime-{WasmtimeRuntime.EngineVersion}" : $"wasmtime-{WasmtimeRuntime.EngineVersion}-uninterruptible";
        Cache = new CompiledModuleCache(Engine, cacheDirectory, key, logger);
    }

    public bool Interruptible { get; }

    public Engine Engine { get; }

    public CompiledModuleCache Cache { get; }

    public void Dispose()
    {
        Cache.Dispose();
        Engine.Dispose();
    }
}
