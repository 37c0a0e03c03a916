using Fluence.Kernel.Host;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Plugins;
using Fluence.Kernel.Plugins.Loopback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Cli.Local;

/// <summary>
/// N real peers in one process, each a <see cref="PeerHost"/> on the embedded defaults and kernel modules with its own
/// data directory, all on one fresh loopback network, plus a <see cref="ParticleClient"/> that uses the first peer as
/// its relay (and, like js-client, runs its own part of each script on an AquaVM: the relay's interpreter pool).
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    private readonly List<PeerHost> _peers = [];
    private const string LoopbackPluginId = "loopback";
    private readonly ILoggerFactory _loggerFactory;
    private LoopbackTransport? _clientTransport;
    private KeyPair? _clientKey;

    private LocalNetwork(string dataDirectory, string networkName, ILoggerFactory loggerFactory)
    {
        DataDirectory = dataDirectory;
        NetworkName = networkName;
        _loggerFactory = loggerFactory;
    }

    public string DataDirectory { get; }

    public string NetworkName { get; }

    public IReadOnlyList<PeerHost> Peers => _peers;

    public PeerHost Relay => _peers[0];

    public ParticleClient Client { get; private set; } = null!;

    /// <summary>Stopping begins when any peer's host is asked to stop (Ctrl+C or SIGTERM reach every host).</summary>
    public CancellationToken Stopping { get; private set; }

    /// <param name="peerCount">How many peers; the first is the client's relay.</param>
    /// <param name="dataDirectory">Parent of the peers' data directories (<c>peer-1</c>, …) and the client's scratch folder.</param>
    /// <param name="overrides">Configuration applied to every peer (e.g. <c>AquaVm:AvmWasmPath</c>).</param>
    /// <exception cref="PeerConfigurationException">A peer cannot be composed; nothing is left running.</exception>
    public static async Task<LocalNetwork> StartAsync(int peerCount, string dataDirectory, IReadOnlyDictionary<string, string?> overrides,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(peerCount, 1);
        var network = new LocalNetwork(dataDirectory, $"local-{Guid.NewGuid():N}", loggerFactory);
        try
        {
            var stopping = new List<CancellationToken>();
            for (int i = 1; i <= peerCount; i++)
            {
                var peer = network.BuildPeer(i, overrides);
                network._peers.Add(peer);
                RequireLoopback(peer);
                await peer.StartAsync(cancellationToken);
                stopping.Add(peer.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            }
            network.Stopping = CancellationTokenSource.CreateLinkedTokenSource([.. stopping]).Token;
            await network.ConnectClientAsync(cancellationToken);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
        return network;
    }

    private PeerHost BuildPeer(int number, IReadOnlyDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Peer:DataDir"] = Path.Combine(DataDirectory, $"peer-{number}"),
            ["Loopback:Network"] = NetworkName,
            // Several peers share the process (and its cores): a small interpreter pool each.
            ["AquaVm:PoolSize"] = "2",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new PeerHostBuilder(configuration, DataDirectory)
            .AddDistributionPlugins()
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new SharedLoggerProvider(_loggerFactory)));
        foreach (var module in KernelModules.Create())
            builder.AddModule(module);
        return builder.Build();
    }

    /// <summary>The client joins the peers on the loopback network: another transport would leave it talking to no one.</summary>
    private static void RequireLoopback(PeerHost peer)
    {
        var transport = peer.Plan.Slots[Slot.Transport].Plugin;
        if (transport.Id != LoopbackPluginId)
            throw new PeerConfigurationException(
                $"fluence local run puts its peers and client on the in-process '{LoopbackPluginId}' transport, but the transport slot is " +
                $"'{transport.Id}' ({transport.Source}); remove Peer:Slots:transport, or start the peers with 'fluence peer start'");
    }

    private async Task ConnectClientAsync(CancellationToken cancellationToken)
    {
        _clientKey = KeyPair.Generate();
        var scratch = Path.Combine(DataDirectory, "client");
        Directory.CreateDirectory(scratch);
        _clientTransport = new LoopbackTransport(
            Options.Create(new LoopbackOptions { Network = NetworkName }),
            new InProcessPeerEnvironment(_clientKey, scratch),
            _loggerFactory.CreateLogger<LoopbackTransport>());
        await _clientTransport.StartAsync(cancellationToken);
        Client = new ParticleClient(_clientKey, _clientTransport, Relay.Environment.HostId,
            Relay.Services.GetRequiredService<IAirInterpreter>(), scratch, loggerFactory: _loggerFactory);
        Client.Start();
    }

    public async ValueTask DisposeAsync()
    {
        // The client first (it uses the relay's interpreter), then the peers in reverse start order.
        if (Client is not null)
            await Client.DisposeAsync();
        if (_clientTransport is not null)
            await _clientTransport.DisposeAsync();
        _clientKey?.Dispose();
        for (int i = _peers.Count - 1; i >= 0; i--)
        {
            try
            {
                await _peers[i].StopAsync(CancellationToken.None);
            }
            finally
            {
                await _peers[i].DisposeAsync();
            }
        }
        _peers.Clear();
    }

    /// <summary>Hands the command's logger factory to each peer's host without letting the host dispose it.</summary>
    private sealed class SharedLoggerProvider(ILoggerFactory factory) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
