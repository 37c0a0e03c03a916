using Fluence.Kernel.Hosting;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.TestPlugins;

public sealed class TestRuntimePlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar) => registrar.Provide<IWasmRuntime, TestRuntime>();
}

/// <summary>A runtime that runs nothing: it exists to take part in start order.</summary>
internal sealed class TestRuntime(IPeerEnvironment environment) : RecordingLifecycle(environment, "test-runtime"), IWasmRuntime
{
    public string Name => "test-runtime 1.0";

    public ModuleDescription Describe(ReadOnlyMemory<byte> wasm) => throw new NotSupportedException("the test runtime runs no Wasm");

    public ValueTask<IWasmService> CreateServiceAsync(WasmServiceDefinition definition, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the test runtime runs no Wasm");
}
