using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air.Tests.Execution;

/// <summary>The real AquaVM 0.62 (avm.wasm of component <c>avm</c>) on Wasmtime, in this process; compiled once per test class.</summary>
public sealed class InProcessAquaVm : IAsyncLifetime
{
    private readonly TempDirectory _data = new("native-air-differential");

    public InProcessAquaVm() : this(poolSize: 1)
    {
    }

    internal InProcessAquaVm(int poolSize)
    {
        Environment = new TestEnvironment(_data.Path);
        Runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off" }), Environment, NullLoggerFactory.Instance);
        var wasm = RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");
        Interpreter = new AquaVmInterpreter(Runtime, Options.Create(new AquaVmOptions { AvmWasmPath = wasm, PoolSize = poolSize }), NullLogger<AquaVmInterpreter>.Instance);
    }

    /// <summary>The host environment the runtime was made for (a fresh key, a temporary data folder).</summary>
    public IPeerEnvironment Environment { get; }

    public WasmtimeRuntime Runtime { get; }

    public AquaVmInterpreter Interpreter { get; }

    public async Task InitializeAsync() => await Interpreter.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Interpreter.DisposeAsync();
        Runtime.Dispose();
        _data.Dispose();
    }

    private sealed class TestEnvironment(string dataDirectory) : IPeerEnvironment
    {
        public KeyPair HostKey { get; } = KeyPair.Generate();

        public string DataDirectory { get; } = dataDirectory;

        public TimeProvider Time => TimeProvider.System;
    }
}
