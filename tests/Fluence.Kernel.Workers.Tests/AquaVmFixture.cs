using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>The real AquaVM (avm.wasm of @fluencelabs/avm 0.62.0, component <c>avm</c>) on Wasmtime, compiled once per test class.</summary>
public sealed class AquaVmFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("workers-aquavm");
    private WasmtimeRuntime? _runtime;

    public AquaVmInterpreter Interpreter { get; private set; } = null!;

    /// <summary>The Wasmtime runtime AquaVM runs on; app services of the composed peer run on it too.</summary>
    public WasmtimeRuntime Runtime => _runtime!;

    public string AvmWasmPath => RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");

    public async Task InitializeAsync()
    {
        var avmWasm = RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");
        var environment = new InProcessPeerEnvironment(KeyPair.Generate(), _data.Path);
        _runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off" }), environment, NullLoggerFactory.Instance);
        Interpreter = new AquaVmInterpreter(_runtime, Options.Create(new AquaVmOptions { AvmWasmPath = avmWasm, PoolSize = 2 }), NullLogger<AquaVmInterpreter>.Instance);
        await Interpreter.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Interpreter.DisposeAsync();
        _runtime?.Dispose();
        _data.Dispose();
    }
}

/// <summary>The fixture's interpreter as a peer sees it: not a lifecycle, so the peer neither starts nor stops it.</summary>
internal sealed class BorrowedInterpreter(IAirInterpreter inner) : IAirInterpreter
{
    public string Name => inner.Name;
    public string Version => inner.Version;

    public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken) =>
        inner.InvokeAsync(invocation, cancellationToken);
}
