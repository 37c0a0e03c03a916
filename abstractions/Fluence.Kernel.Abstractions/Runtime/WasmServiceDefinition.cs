namespace Fluence.Kernel.Runtime;

/// <summary>
/// A service to instantiate. <paramref name="Modules"/> are in load order, dependencies first: the last one is the
/// facade, the only one whose exports are callable. <paramref name="WorkingDirectory"/> is the service's own
/// directory; WASI sees nothing of the host outside it.
/// </summary>
public sealed record WasmServiceDefinition(
    string ServiceId,
    IReadOnlyList<WasmModule> Modules,
    string WorkingDirectory,
    ulong? TotalMemoryLimit = null);
