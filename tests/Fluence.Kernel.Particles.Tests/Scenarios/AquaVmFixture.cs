using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Particles.Tests.TestDoubles;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles.Tests.Scenarios;

/// <summary>
/// One real AquaVM (avm.wasm of @fluencelabs/avm 0.62.0 on Wasmtime) shared by every peer and client of the
/// scenario tests: compiling avm.wasm takes seconds, and an invocation carries its peer in its RunParameters.
/// </summary>
public sealed class AquaVmFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("particles-aquavm");
    private WasmtimeRuntime? _runtime;

    public AquaVmInterpreter Interpreter { get; private set; } = null!;

    public static string AvmWasmPath => RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");

    /// <summary>A per-peer view of the shared interpreter that counts that peer's invocations and is not started or stopped by the peer.</summary>
    public SharedInterpreter Share() => new(Interpreter);

    public async Task InitializeAsync()
    {
        var environment = new InProcessPeerEnvironment(KeyPair.Generate(), _data.Path);
        _runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off" }), environment, NullLoggerFactory.Instance);
        Interpreter = new AquaVmInterpreter(_runtime,
            Options.Create(new AquaVmOptions { AvmWasmPath = AvmWasmPath, PoolSize = 4 }), NullLogger<AquaVmInterpreter>.Instance);
        await Interpreter.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Interpreter.DisposeAsync();
        _runtime?.Dispose();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AquaVmCollection : ICollectionFixture<AquaVmFixture>
{
    public const string Name = "aquavm";
}
