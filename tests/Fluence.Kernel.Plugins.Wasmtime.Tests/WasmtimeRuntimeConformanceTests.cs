using Fluence.Kernel.Conformance;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>The runtime slot's conformance suite, run against <see cref="WasmtimeRuntime"/>.</summary>
public sealed class WasmtimeRuntimeConformanceTests : RuntimeConformance
{
    protected override IWasmRuntime CreateRuntime(string dataDirectory, TimeSpan callTimeout) =>
        new WasmtimeRuntime(Options.Create(new WasmtimeOptions { CallTimeout = callTimeout }), new TestPeerEnvironment(dataDirectory), NullLoggerFactory.Instance);

    protected override byte[] AbiModule() => TestModules.Wat("abi");

    protected override byte[] StorageModule() => TestModules.Wat("storage");

    protected override byte[] FacadeModule() => TestModules.Wat("facade");
}
