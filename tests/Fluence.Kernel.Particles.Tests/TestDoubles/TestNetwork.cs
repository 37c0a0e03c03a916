using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Testing;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>
/// N in-process peers on a fresh loopback network, each with its own container, key, interpreter and a
/// <see cref="CallRecorder"/>, plus clients that use one of them as relay.
/// </summary>
public sealed class TestNetwork : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("fluence-particles");
    private readonly List<ParticleClient> _clients = [];
    private readonly List<LoopbackTransport> _clientTransports = [];
    private readonly Func<IServiceProvider, IAirInterpreter> _interpreter;

    private TestNetwork(Func<IServiceProvider, IAirInterpreter> interpreter, LoopbackOptions loopback, TimeProvider time)
    {
        _interpreter = interpreter;
        Loopback = loopback;
        Time = time;
    }

    public string Name => Loopback.Network;

    public LoopbackOptions Loopback { get; }

    public TimeProvider Time { get; }

    public List<InProcessPeer> Peers { get; } = [];

    public InProcessPeer this[int index] => Peers[index];

    public static async Task<TestNetwork> StartAsync(
        int peers,
        Func<IServiceProvider, IAirInterpreter> interpreter,
        IDictionary<string, string?>? configuration = null,
        TimeProvider? time = null,
        TimeSpan? latency = null,
        Action<IServiceCollection>? extra = null)
    {
        var loopback = new LoopbackOptions { Network = $"test-{Guid.NewGuid():N}", Latency = latency ?? TimeSpan.Zero };
        var network = new TestNetwork(interpreter, loopback, time ?? TimeProvider.System);
        try
        {
            for (int i = 0; i < peers; i++)
                network.Peers.Add(await network.StartPeerAsync(configuration, extra));
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
        return network;
    }

    public CallRecorder Recorder(int peer) => (CallRecorder)Peers[peer].Services.GetServices<IBuiltinService>().Single(s => s is CallRecorder);

    private async Task<InProcessPeer> StartPeerAsync(IDictionary<string, string?>? configuration, Action<IServiceCollection>? extra)
    {
        var key = KeyPair.Generate();
        var config = new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build();
        return await InProcessPeer.StartAsync(key, _directory.Combine(key.PeerId.ToString()), services =>
        {
            services.AddSingleton(Options.Create(Loopback));
            services.AddSingleton<LoopbackTransport>();
            services.AddSingleton<ITransport>(sp => sp.GetRequiredService<LoopbackTransport>());
            services.AddSingleton<IAirInterpreter>(_interpreter);
            services.AddSingleton<IBuiltinService, CallRecorder>();
            extra?.Invoke(services);
        }, config, FileLoggerProvider.FromEnvironment() ?? NullLoggerFactory.Instance, Time);
    }

    /// <summary>A client connected to <paramref name="relay"/>, running its part on <paramref name="interpreter"/>.</summary>
    public async Task<ParticleClient> ConnectClientAsync(int relay, IAirInterpreter interpreter, KeyPair? key = null)
    {
        key ??= KeyPair.Generate();
        var transport = new LoopbackTransport(Options.Create(Loopback), new InProcessPeerEnvironment(key, _directory.Path, Time), NullLogger<LoopbackTransport>.Instance);
        await transport.StartAsync(CancellationToken.None);
        _clientTransports.Add(transport);
        var client = new ParticleClient(key, transport, Peers[relay].PeerId, interpreter, _directory.Combine("client-" + key.PeerId), Time, FileLoggerProvider.FromEnvironment());
        client.Start();
        _clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
            await client.DisposeAsync();
        foreach (var transport in _clientTransports)
            await transport.DisposeAsync();
        foreach (var peer in Peers)
            await peer.DisposeAsync();
        _directory.Dispose();
    }
}
