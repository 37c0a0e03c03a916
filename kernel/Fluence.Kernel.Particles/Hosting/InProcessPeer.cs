using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Particles.Hosting;

/// <summary>
/// A whole peer in one <see cref="ServiceProvider"/>: its key, the particle pipeline and builtins, and whatever
/// transport and interpreter <c>configure</c> registers. Several of them on one loopback network make a test
/// network in one process. Lifecycles start transport → interpreter → other services → pipeline, and stop in reverse.
/// </summary>
public sealed class InProcessPeer : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IPeerLifecycle> _started = [];

    private InProcessPeer(ServiceProvider services, IPeerEnvironment environment)
    {
        _services = services;
        Environment = environment;
    }

    public IPeerEnvironment Environment { get; }

    public PeerId PeerId => Environment.HostId;

    public IServiceProvider Services => _services;

    public ITransport Transport => _services.GetRequiredService<ITransport>();

    public IParticlePlumber Plumber => _services.GetRequiredService<IParticlePlumber>();

    /// <param name="configure">Registers the slots (at least <see cref="ITransport"/> and <see cref="IAirInterpreter"/>) and any extra services.</param>
    public static async Task<InProcessPeer> StartAsync(
        KeyPair key,
        string dataDirectory,
        Action<IServiceCollection> configure,
        IConfiguration? configuration = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var environment = new InProcessPeerEnvironment(key, dataDirectory, time);
        configuration ??= new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        if (loggerFactory is not null)
            services.AddSingleton(loggerFactory);
        services.AddLogging();
        services.AddSingleton<IPeerEnvironment>(environment);
        services.AddSingleton(configuration);
        services.AddParticlePipeline(configuration);
        configure(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var peer = new InProcessPeer(provider, environment);
        try
        {
            await peer.StartLifecyclesAsync(cancellationToken);
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
        return peer;
    }

    private async Task StartLifecyclesAsync(CancellationToken cancellationToken)
    {
        var pipeline = _services.GetRequiredService<ParticlePipeline>();
        var order = new List<IPeerLifecycle>();
        void Add(object? candidate)
        {
            if (candidate is IPeerLifecycle lifecycle && !order.Contains(lifecycle) && !ReferenceEquals(lifecycle, pipeline))
                order.Add(lifecycle);
        }
        Add(_services.GetRequiredService<ITransport>());
        Add(_services.GetRequiredService<IAirInterpreter>());
        foreach (var lifecycle in _services.GetServices<IPeerLifecycle>())
            Add(lifecycle);
        order.Add(pipeline);
        foreach (var lifecycle in order)
        {
            await lifecycle.StartAsync(cancellationToken);
            _started.Add(lifecycle);
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (int i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].StopAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _services.GetService<ILogger<InProcessPeer>>()?.LogWarning(e, "Stopping {Service} failed", _started[i].GetType().Name);
            }
        }
        _started.Clear();
        await _services.DisposeAsync();
    }
}
