using Fluence.Kernel.Plugins.Wasmtime.Abi;

namespace Fluence.Kernel.Plugins.Wasmtime.Host;

/// <summary>Store data of one module's Store: how host functions called from the guest find their module and instance.</summary>
internal sealed class ModuleHost(ServiceModule module)
{
    public ServiceModule Module { get; } = module;

    /// <summary>Set right after instantiation; host functions called during instantiation see null.</summary>
    public MarineInstance? Instance { get; set; }
}
