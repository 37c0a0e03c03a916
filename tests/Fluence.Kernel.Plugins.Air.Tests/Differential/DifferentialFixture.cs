using System.Text.Json.Nodes;
using Fluence.Kernel.AirScenarios;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.Air.Data;
using Fluence.Kernel.Plugins.Air.Tests.Execution;
using Fluence.Kernel.Plugins.Air.Tests.Oracle;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Air.Tests.Differential;

/// <summary>
/// What the differential tests compare: the real AquaVM 0.62 twice — in Node (the oracle's own simulator) and as
/// the AquaVM plugin on Wasmtime under the C# scenario runner — and the native interpreter as the Air plugin
/// provides it (or the reason it cannot yet).
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    private readonly InProcessAquaVm _aquaVm = new(poolSize: 2);
    private PluginInterpreter? _native;

    public AquaVmOracle Oracle { get; } = new();

    public AquaVmInterpreter AquaVm => _aquaVm.Interpreter;

    /// <summary>The native interpreter, or null while the Air plugin does not provide the interpreter slot.</summary>
    public IAirInterpreter? Native => _native?.Interpreter;

    /// <summary>Why <see cref="Native"/> is null.</summary>
    public string? NativeUnavailable { get; private set; }

    /// <summary>Particle data in its semantic JSON form (the native codec's <c>to_human_readable_data</c>).</summary>
    public static JsonNode? Decode(ReadOnlyMemory<byte> data) => InterpreterDataJson.ToHumanReadable(InterpreterDataCodec.Decode(data));

    public async Task InitializeAsync()
    {
        await _aquaVm.InitializeAsync();
        try
        {
            _native = await PluginInterpreter.StartAsync(new AirPlugin(), _aquaVm.Environment, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            NativeUnavailable = ex.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (_native is not null)
            await _native.DisposeAsync();
        await _aquaVm.DisposeAsync();
        Oracle.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DifferentialCollection : ICollectionFixture<DifferentialFixture>
{
    public const string Name = "AIR differential";
}
