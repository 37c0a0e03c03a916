namespace Fluence.Kernel.Plugins;

/// <summary>
/// The kernel's slots. Each is filled by exactly one provider, named in configuration (<c>Peer:Slots:&lt;slot&gt;</c>)
/// or, when only one enabled plugin offers it, inferred; embedded defaults fill the rest.
/// </summary>
public enum Slot
{
    /// <summary><see cref="Transport.ITransport"/>: how particle frames reach other peers.</summary>
    Transport,
    /// <summary><see cref="Runtime.IWasmRuntime"/>: Marine-compatible Wasm services.</summary>
    Runtime,
    /// <summary><see cref="Interpretation.IAirInterpreter"/>: executes AIR.</summary>
    Interpreter,
    /// <summary><see cref="Storage.IContentStore"/>: content-addressed storage.</summary>
    Storage,
    /// <summary><see cref="Chain.IChain"/>: the deal marketplace on an EVM chain.</summary>
    Chain,
    /// <summary><see cref="Scheduling.IScheduler"/>: timers and particle execution concurrency.</summary>
    Scheduler,
}
