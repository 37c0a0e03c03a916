using Fluence.Kernel.Content;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>A runtime over a temporary data directory, plus helpers to build service definitions.</summary>
internal sealed class RuntimeFixture : IDisposable
{
    private readonly TempDirectory _data = new("wasmtime-test");

    public RuntimeFixture(WasmtimeOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Environment = new TestPeerEnvironment(_data.Path);
        Runtime = new WasmtimeRuntime(Options.Create(options ?? new WasmtimeOptions()), Environment, loggerFactory ?? NullLoggerFactory.Instance);
    }

    public TestPeerEnvironment Environment { get; }

    public WasmtimeRuntime Runtime { get; }

    public string DataDirectory => _data.Path;

    public static WasmModule Module(string name, byte[] wasm, Func<ModuleConfig, ModuleConfig>? configure = null)
    {
        var config = new ModuleConfig { Name = name };
        return new WasmModule(Cid.RawSha256(wasm), wasm, configure?.Invoke(config) ?? config);
    }

    public WasmServiceDefinition Service(string id, params WasmModule[] modules) =>
        new(id, modules, Path.Combine(_data.Path, "services", id));

    public ValueTask<IWasmService> CreateAsync(string id, params WasmModule[] modules) =>
        Runtime.CreateServiceAsync(Service(id, modules), CancellationToken.None);

    public static CallParameters CallParameters(string particleId = "particle-1") => new(
        new ParticleParameters(particleId, "12D3KooWInit", 1_700_000_000_000, 60_000, "(null)", new byte[] { 1, 2, 3 }, "token"),
        "service-1", "12D3KooWCreator", "12D3KooWHost", "12D3KooWWorker",
        [[new Particles.SecurityTetraplet("12D3KooWPeer", "svc", "fn", ".$.lens")]]);

    public void Dispose()
    {
        Runtime.Dispose();
        _data.Dispose();
    }
}
