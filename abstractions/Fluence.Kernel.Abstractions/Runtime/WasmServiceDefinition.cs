namespace Fluence.Kernel.Runtime;

/// <summary>
/// A service to instantiate. <paramref name="Modules"/> are in load order, dependencies first: the last one is the
/// facade, the only one whose exports are callable. <paramref name="WorkingDirectory"/> is the service's own
/// directory; WASI sees nothing of the host outside it.
/// </summary>
/// <param name="Interruptible">
/// True (the default): a deadline or cancellation stops a call while the guest runs. False only for a trusted module
/// whose caller knows that the call ends by itself: the runtime may then run it without the checks that make a
/// running guest stoppable (they cost it speed), and such a call, once started, runs to its end.
/// </param>
public sealed record WasmServiceDefinition(
    string ServiceId,
    IReadOnlyList<WasmModule> Modules,
    string WorkingDirectory,
    ulong? TotalMemoryLimit = null,
    bool Interruptible = true);
