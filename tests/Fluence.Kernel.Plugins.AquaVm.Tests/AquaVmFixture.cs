using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm.Tests;

/// <summary>
/// One Wasmtime runtime and one AquaVM interpreter (pool of 2) for a test class: compiling avm.wasm takes seconds,
/// so it is paid once. The interpreter only sees the runtime through IWasmRuntime.
/// </summary>
public sealed class AquaVmFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("aquavm-test");

    public AquaVmFixture()
    {
        Environment = new TestPeerEnvironment(_data.Path);
        Runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off" }), Environment, NullLoggerFactory.Instance);
        Interpreter = NewInterpreter(poolSize: 2);
    }

    internal TestPeerEnvironment Environment { get; }

    public WasmtimeRuntime Runtime { get; }

    public AquaVmInterpreter Interpreter { get; }

    public static string AvmWasmPath => RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");

    public AquaVmInterpreter NewInterpreter(int poolSize, string? avmWasmPath = null, bool warmUp = true) =>
        new(Runtime, Options.Create(new AquaVmOptions { AvmWasmPath = avmWasmPath ?? AvmWasmPath, PoolSize = poolSize, WarmUp = warmUp }), NullLogger<AquaVmInterpreter>.Instance);

    public async Task InitializeAsync() => await Interpreter.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Interpreter.DisposeAsync();
        Runtime.Dispose();
        _data.Dispose();
    }
}
