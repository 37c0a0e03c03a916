using System.Globalization;
using Fluence.Kernel.Host;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fluence.Cli.Remote;

/// <summary>
/// What <c>fluence run</c> is while it runs: a client like js-client, connected to one remote relay. Under it is a
/// listen-nowhere <see cref="PeerHost"/> with a fresh key — the libp2p transport loaded from its plugin folder and an
/// AquaVM for the client's own part of each script, no particle pipeline — and a <see cref="ParticleClient"/> on top.
/// </summary>
internal sealed class RelayClient : IAsyncDisposable
{
    private readonly PeerHost _host;
    private readonly string _dataDirectory;
    private ParticleClient? _client;

    private RelayClient(PeerHost host, RelayAddress relay, string dataDirectory)
    {
        _host = host;
        Relay = relay;
        _dataDirectory = dataDirectory;
    }

    public RelayAddress Relay { get; }

    public ParticleClient Client => _client ?? throw new InvalidOperationException("not connected");

    /// <summary>Ctrl+C or SIGTERM: the client's host is asked to stop.</summary>
    public CancellationToken Stopping => _host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

    /// <summary>Composes the client's host; nothing runs yet.</summary>
    /// <param name="pluginRoots">Plugin paths holding the libp2p plugin (see <see cref="TransportPluginLocator"/>).</param>
    /// <param name="overrides">Configuration keys applied last (<c>--Section:Key=value</c> of the command line).</param>
    /// <exception cref="PeerConfigurationException">The client cannot be composed as configured.</exception>
    public static RelayClient Create(RelayAddress relay, IReadOnlyList<string> pluginRoots, TimeSpan dialTimeout,
        IReadOnlyDictionary<string, string?> overrides, ILoggerFactory loggerFactory)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"fluence-run-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // A fresh key per run (like js-client's random key) unless --Peer:SecretKey=… names one.
            ["Peer:DataDir"] = dataDirectory,
            ["Peer:Slots:transport"] = TransportPluginLocator.PluginId,
            // An empty value binds ListenAddresses to an empty list: a client listens nowhere.
            ["Libp2p:ListenAddresses"] = "",
            ["Libp2p:DialTimeout"] = dialTimeout.ToString("c", CultureInfo.InvariantCulture),
            // The client runs one script at a time.
            ["AquaVm:PoolSize"] = "1",
        };
        for (int i = 0; i < pluginRoots.Count; i++)
            settings[$"Peer:PluginPaths:{i}"] = pluginRoots[i];
        foreach (var (key, value) in overrides)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        try
        {
            var host = new PeerHostBuilder(configuration, Directory.GetCurrentDirectory())
                .AddDistributionPlugins()
                .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new ForwardingLoggerProvider(loggerFactory)))
                .Build();
            return new RelayClient(host, relay, dataDirectory);
        }
        catch
        {
            TryDelete(dataDirectory);
            throw;
        }
    }

    /// <summary>Starts the transport and the interpreter, dials the relay and starts the client.</summary>
    /// <returns>Connected, or why the relay cannot be reached (refused, timed out, wrong peer id, not a Fluence peer).</returns>
    public async Task<ConnectOutcome> ConnectAsync(CancellationToken cancellationToken)
    {
        await _host.StartAsync(cancellationToken);
        var transport = _host.Services.GetRequiredService<ITransport>();
        var outcome = await transport.ConnectAsync(Relay.PeerId, [Relay.Address], cancellationToken);
        if (!outcome.IsConnected)
            return outcome;
        _client = new ParticleClient(_host.Environment.HostKey, transport, Relay.PeerId, _host.Services.GetRequiredService<IAirInterpreter>(),
            Path.Combine(_dataDirectory, "client"), loggerFactory: _host.Services.GetRequiredService<ILoggerFactory>());
        _client.Start();
        return ConnectOutcome.Connected;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The client first (it reads the transport and uses the interpreter), then the host.
            if (_client is not null)
                await _client.DisposeAsync();
            try
            {
                await _host.StopAsync(CancellationToken.None);
            }
            finally
            {
                await _host.DisposeAsync();
            }
        }
        finally
        {
            TryDelete(_dataDirectory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is harmless; the result was already printed.
        }
    }

    /// <summary>Hands the command's logger factory to the client's host without letting the host dispose it.</summary>
    private sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
