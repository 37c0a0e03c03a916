using System.Collections.Concurrent;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>One runtime and one service per AquaVM version, shared by the tests of a class (compiling AquaVM takes seconds).</summary>
public sealed class AvmFixture : IAsyncLifetime
{
    private readonly RuntimeFixture _runtime = new();
    private readonly ConcurrentDictionary<string, Task<IWasmService>> _services = new();

    internal RuntimeFixture Runtime => _runtime;

    public Task<IWasmService> Service(string version) =>
        _services.GetOrAdd(version, v => _runtime.CreateAsync($"avm-{v}", RuntimeFixture.Module("avm", AvmModules.Wasm(v), c => c with
        {
            Envs = new Dictionary<string, string> { ["WASM_LOG"] = "off" },
        })).AsTask());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _services.Values)
        {
            if (s.IsCompletedSuccessfully)
                await s.Result.DisposeAsync();
        }
        _runtime.Dispose();
    }
}
