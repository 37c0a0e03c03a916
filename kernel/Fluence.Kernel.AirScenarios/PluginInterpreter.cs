using Fluence.Kernel.Hosting;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.AirScenarios;

/// <summary>
/// The interpreter a self-contained plugin (one requiring no other slot, such as the native AIR plugin) provides,
/// built as a peer's host builds it: the plugin registers, its <c>Provide&lt;IAirInterpreter&gt;</c> is resolved from
/// a container with default options, and the instance is started. For tools and tests that compare interpreters
/// without composing a whole peer. Dispose to stop it.
/// </summary>
public sealed class PluginInterpreter : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PluginInterpreter(ServiceProvider services, IAirInterpreter interpreter)
    {
        _services = services;
        Interpreter = interpreter;
    }

    public IAirInterpreter Interpreter { get; }

    /// <summary>Registers <paramref name="plugin"/> and starts the interpreter it provides.</summary>
    /// <exception cref="InvalidOperationException">The plugin provides no interpreter (the message says so).</exception>
    public static async Task<PluginInterpreter> StartAsync(IFluencePlugin plugin, IPeerEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(environment);
        var registrar = new Registrar(plugin.GetType().Assembly.GetName().Name ?? plugin.GetType().Name);
        plugin.Register(registrar);
        if (registrar.Interpreter is null)
            throw new InvalidOperationException($"plugin {plugin.GetType().FullName} does not provide the interpreter slot (IAirInterpreter) in this build");
        registrar.Services.AddSingleton(environment);
        registrar.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        registrar.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        registrar.Services.AddSingleton(TimeProvider.System);
        var services = registrar.Services.BuildServiceProvider();
        try
        {
            var interpreter = registrar.Interpreter(services);
            if (interpreter is IPeerLifecycle lifecycle)
                await lifecycle.StartAsync(cancellationToken).ConfigureAwait(false);
            return new PluginInterpreter(services, interpreter);
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interpreter is IPeerLifecycle lifecycle)
            await lifecycle.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (Interpreter is IAsyncDisposable disposable)
            await disposable.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Registrar(string id) : IPluginRegistrar
    {
        public PluginManifest Manifest { get; } = new() { Id = id, Version = "0.0.0", Assembly = id + ".dll", Abstractions = new Version(1, 0) };

        public IServiceCollection Services { get; } = new ServiceCollection();

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();

        public Func<IServiceProvider, IAirInterpreter>? Interpreter { get; private set; }

        public OptionsBuilder<TOptions> AddOptions<TOptions>() where TOptions : class => Services.AddOptions<TOptions>();

        public void Provide<TContract>(Func<IServiceProvider, TContract> factory) where TContract : class
        {
            if (typeof(TContract) == typeof(IAirInterpreter))
                Interpreter = sp => (IAirInterpreter)factory(sp);
        }

        public void Provide<TContract, TImplementation>() where TContract : class where TImplementation : class, TContract
        {
            if (typeof(TContract) == typeof(IAirInterpreter))
                Interpreter = sp => (IAirInterpreter)ActivatorUtilities.CreateInstance<TImplementation>(sp);
        }
    }
}
