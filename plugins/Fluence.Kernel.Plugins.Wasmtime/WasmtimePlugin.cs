using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>The <c>wasmtime</c> plugin: provides the runtime slot with <see cref="WasmtimeRuntime"/>.</summary>
public sealed class WasmtimePlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<WasmtimeOptions>()
            .Validate(o => o.MaxWasmStackBytes is >= 64 * 1024 and <= 2 * 1024 * 1024, "Wasmtime:MaxWasmStackBytes must be between 64 KiB and 2 MiB")
            .Validate(o => o.CallTimeout > TimeSpan.Zero, "Wasmtime:CallTimeout must be positive")
            .Validate(o => o.EpochTick > TimeSpan.Zero && o.EpochTick <= TimeSpan.FromSeconds(1), "Wasmtime:EpochTick must be between 0 and 1 second")
            .Validate(o => o.DefaultTotalMemoryLimit is null or > 0, "Wasmtime:DefaultTotalMemoryLimit must be positive");
        registrar.Provide<IWasmRuntime, WasmtimeRuntime>();
    }
}
