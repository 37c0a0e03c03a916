namespace Fluence.Kernel.Runtime;

/// <summary>The runtime slot: loads Marine modules and instantiates services made of them.</summary>
public interface IWasmRuntime
{
    /// <summary>Name and version of the engine, e.g. <c>wasmtime 50.0.1</c> (also keys compiled-module caches).</summary>
    string Name { get; }

    /// <summary>Validates a Marine module and reads its interface. Throws <see cref="WasmCallException"/> (<see cref="WasmFailure.InvalidModule"/>).</summary>
    ModuleDescription Describe(ReadOnlyMemory<byte> wasm);

    /// <summary>Compiles (or loads from cache), links and instantiates a service. Throws <see cref="WasmCallException"/>.</summary>
    ValueTask<IWasmService> CreateServiceAsync(WasmServiceDefinition definition, CancellationToken cancellationToken);
}
