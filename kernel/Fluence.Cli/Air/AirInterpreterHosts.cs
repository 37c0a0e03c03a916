using Fluence.Kernel.Host;
using Fluence.Kernel.Interpretation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fluence.Cli.Air;

/// <summary>
/// The interpreters of an <c>air run</c>, each chosen the way a peer chooses it: a <see cref="PeerHost"/> on the
/// embedded plugins with <c>Peer:Slots:interpreter</c> set to
/// the requested plugin. No kernel modules run; the host exists to compose and start the interpreter slot.
/// </summary>
internal sealed class AirInterpreterHosts : IAsyncDisposable
{
    /// <summary>Interpreter names accepted by <c>--interpreter</c>, with the plugin providing each.</summary>
    public static readonly IReadOnlyDictionary<string, string> PluginIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["aquavm"] = "aquavm",
        ["native"] = "native-air",
    };

    public const string DefaultInterpreter = "native";

    private readonly Dictionary<string, PeerHost> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"fluence-air-{Guid.NewGuid():N}");
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly ILoggerFactory _loggerFactory;

    public AirInterpreterHosts(IReadOnlyDictionary<string, string?> overrides, ILoggerFactory loggerFactory)
    {
        _overrides = overrides;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The started interpreter for <paramref name="name"/> (one host per distinct interpreter).</summary>
    /// <exception cref="PeerConfigurationException">The interpreter is unknown or cannot be composed; the message says why.</exception>
    public async Task<IAirInterpreter> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_hosts.TryGetValue(name, out var existing))
            return existing.Services.GetRequiredService<IAirInterpreter>();
        if (!PluginIds.TryGetValue(name, out var pluginId))
            throw new PeerConfigurationException([$"unknown interpreter '{name}' (known: {string.Join(", ", PluginIds.Keys)})"]);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Peer:DataDir"] = Path.Combine(_dataDirectory, name),
            ["Peer:Slots:interpreter"] = pluginId,
            ["Loopback:Network"] = $"air-run-{Guid.NewGuid():N}",
            // One particle at a time: one instance is enough.
            ["AquaVm:PoolSize"] = "1",
        };
        foreach (var (key, value) in _overrides)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        PeerHost host;
        try
        {
            host = new PeerHostBuilder(configuration, Directory.GetCurrentDirectory())
                .AddDistributionPlugins()
                .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new SharedLoggerProvider(_loggerFactory)))
                .Build();
        }
        catch (PeerConfigurationException ex)
        {
            throw new PeerConfigurationException([$"the '{name}' interpreter is not available in this build:", .. ex.Errors]);
        }
        _hosts[name] = host;
        await host.StartAsync(cancellationToken);
        return host.Services.GetRequiredService<IAirInterpreter>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Values)
        {
            try
            {
                await host.StopAsync(CancellationToken.None);
            }
            finally
            {
                await host.DisposeAsync();
            }
        }
        _hosts.Clear();
        try
        {
            if (Directory.Exists(_dataDirectory))
                Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private sealed class SharedLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
