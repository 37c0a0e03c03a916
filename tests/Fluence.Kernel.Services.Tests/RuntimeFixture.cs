using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Services.Tests;

/// <summary>
/// The real Wasmtime runtime, shared by a test class so its compiled-module cache is too, and the real Marine
/// module the tests deploy: AquaVM's avm.wasm (npm @fluencelabs/avm 0.62.0), a module nobody here wrote.
/// </summary>
public sealed class RuntimeFixture : IDisposable
{
    private readonly TempDirectory _data = new("services-runtime");

    public RuntimeFixture()
    {
        var environment = new TestPeerEnvironment(KeyPair.Generate(), _data.Path);
        Runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off" }), environment, NullLoggerFactory.Instance);
        AvmWasm = File.ReadAllBytes(RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm"));
    }

    public WasmtimeRuntime Runtime { get; }

    public byte[] AvmWasm { get; }

    public void Dispose()
    {
        Runtime.Dispose();
        _data.Dispose();
    }
}
