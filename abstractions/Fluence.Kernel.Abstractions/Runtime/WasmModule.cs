using Fluence.Kernel.Content;

namespace Fluence.Kernel.Runtime;

/// <summary>One module of a service: its bytes, its CID (the module id) and its configuration.</summary>
public sealed record WasmModule(Cid Cid, ReadOnlyMemory<byte> Wasm, ModuleConfig Config)
{
    public string Name => Config.Name;
}
