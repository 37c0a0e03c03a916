using System.Text.Json.Nodes;
using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Services.Tests;

/// <summary>
/// One peer's services as the kernel wires them (<see cref="ServicesServiceCollectionExtensions.AddFluenceServices"/>)
/// over a data directory and a content store; a second harness on the same directory and store is the peer restarted.
/// </summary>
internal sealed class ServicesHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public ServicesHarness(IWasmRuntime runtime, IContentStore store, KeyPair host, string dataDirectory, Action<ServicesOptions>? configure = null)
    {
        Host = host;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(runtime);
        services.AddSingleton(store);
        services.AddSingleton<IPeerEnvironment>(new TestPeerEnvironment(host, dataDirectory));
        services.AddFluenceServices();
        if (configure is not null)
            services.Configure(configure);
        _provider = services.BuildServiceProvider();
        Builtins = _provider.GetServices<IBuiltinService>().ToDictionary(b => b.ServiceId);
        Dispatcher = _provider.GetRequiredService<AppServiceDispatcher>();
        Registry = _provider.GetRequiredService<AppServiceRegistry>();
    }

    public AppServiceRegistry Registry { get; }

    public KeyPair Host { get; }

    public IReadOnlyDictionary<string, IBuiltinService> Builtins { get; }

    public AppServiceDispatcher Dispatcher { get; }

    public Task StartAsync() => Task.WhenAll(_provider.GetServices<IPeerLifecycle>().Select(l => l.StartAsync(CancellationToken.None)));

    public ServiceCall Call(string service, string function, JsonNode?[] arguments, string? initPeerId = null, PeerId? scope = null) =>
        new(service, function, arguments, arguments.Select(_ => (IReadOnlyList<SecurityTetraplet>)[]).ToArray(),
            new ParticleContext(
                new Particle("particle-" + Guid.NewGuid(), initPeerId ?? Host.PeerId.ToString(), 1_700_000_000_000, 60_000, "(null)", new byte[64], default),
                Host.PeerId, scope ?? Host.PeerId, Path.GetTempPath()));

    /// <summary>Calls a builtin and returns its value, failing the test on an error.</summary>
    public async Task<JsonNode?> Ok(string service, string function, params JsonNode?[] arguments)
    {
        var outcome = await Builtins[service].CallAsync(Call(service, function, arguments), CancellationToken.None);
        return outcome switch
        {
            FunctionOutcome.OkOutcome ok => ok.Value,
            FunctionOutcome.EmptyOutcome => JsonValue.Create(""),
            _ => throw new Xunit.Sdk.XunitException($"{service}.{function} answered {outcome}"),
        };
    }

    public async Task<string> Error(ServiceCall call)
    {
        var outcome = await Builtins[call.ServiceId].CallAsync(call, CancellationToken.None);
        return Assert.IsType<FunctionOutcome.ErrorOutcome>(outcome).Message;
    }

    public Task<string> Error(string service, string function, params JsonNode?[] arguments) => Error(Call(service, function, arguments));

    public async ValueTask DisposeAsync()
    {
        foreach (var lifecycle in _provider.GetServices<IPeerLifecycle>())
            await lifecycle.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}
