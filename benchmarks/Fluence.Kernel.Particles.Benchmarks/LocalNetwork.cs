using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Particles.Client;
using Fluence.Kernel.Particles.Hosting;
using Fluence.Kernel.Plugins.Air;
using Fluence.Kernel.Plugins.Air.Syntax;
using Fluence.Kernel.Plugins.AquaVm;
using Fluence.Kernel.Plugins.Loopback;
using Fluence.Kernel.Plugins.Wasmtime;
using Fluence.Kernel.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles.Benchmarks;

/// <summary>
/// Peers on a loopback network sharing one interpreter — the real AquaVM (avm.wasm 0.62.0 on Wasmtime, pool of
/// 2 × cores) or the native one (the peer's embedded default) — and a client connected to peer 0. avm.wasm is found
/// under $FLUENCE_COMPONENTS_DIR or the repository's .components.
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    // Shared by every network and run, like a peer's data directory: avm.wasm is compiled once, not in each setup.
    private static readonly string CompiledModuleCacheDirectory = Path.Combine(Path.GetTempPath(), "fluence-benchmarks", "wasmtime-cache");
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"particles-bench-{Guid.NewGuid():N}");
    private WasmtimeRuntime? _runtime;
    private AquaVmInterpreter? _aquaVm;
    private IAirInterpreter _interpreter = null!;
    private LoopbackTransport _clientTransport = null!;
    private Unowned _shared = null!;

    public List<InProcessPeer> Peers { get; } = [];

    public ParticleClient Client { get; private set; } = null!;

    public LoopbackTransport ClientTransport => _clientTransport;

    public KeyPair ClientKey { get; } = KeyPair.Generate();

    /// <summary>Invocations of the shared AquaVM by the peers and the client so far.</summary>
    public long Invocations => _shared.Invocations;

    /// <summary>The interpreter every peer shares, for reference benchmarks that call it directly.</summary>
    public IAirInterpreter Interpreter => _interpreter;

    /// <param name="peers">Peers on the network; the client's relay is the first.</param>
    /// <param name="interpreter"><c>aquavm</c> or <c>native</c>.</param>
    public static async Task<LocalNetwork> StartAsync(int peers, string interpreter = "aquavm")
    {
        var network = new LocalNetwork();
        await network.InitializeAsync(peers, interpreter);
        return network;
    }

    private async Task InitializeAsync(int peers, string interpreter)
    {
        var loopback = new LoopbackOptions { Network = $"bench-{Guid.NewGuid():N}", InboundCapacity = 4096 };
        if (interpreter == "native")
        {
            _interpreter = new NativeAirInterpreter(new AirParseCache());
        }
        else
        {
            _runtime = new WasmtimeRuntime(Options.Create(new WasmtimeOptions { GuestLogLevel = "off", CacheDirectory = CompiledModuleCacheDirectory }),
                new InProcessPeerEnvironment(KeyPair.Generate(), _data), NullLoggerFactory.Instance);
            _aquaVm = new AquaVmInterpreter(_runtime, Options.Create(new AquaVmOptions { AvmWasmPath = AvmWasmPath() }), NullLogger<AquaVmInterpreter>.Instance);
            await _aquaVm.StartAsync(CancellationToken.None);
            _interpreter = _aquaVm;
        }
        var shared = _shared = new Unowned(_interpreter);
        for (int i = 0; i < peers; i++)
        {
            var key = KeyPair.Generate();
            Peers.Add(await InProcessPeer.StartAsync(key, Path.Combine(_data, key.PeerId.ToString()), services =>
            {
                services.AddSingleton(Options.Create(loopback));
                services.AddSingleton<LoopbackTransport>();
                services.AddSingleton<ITransport>(sp => sp.GetRequiredService<LoopbackTransport>());
                services.AddSingleton<IAirInterpreter>(shared);
            }));
        }
        _clientTransport = new LoopbackTransport(Options.Create(loopback), new InProcessPeerEnvironment(ClientKey, _data), NullLogger<LoopbackTransport>.Instance);
        await _clientTransport.StartAsync(CancellationToken.None);
        Client = new ParticleClient(ClientKey, _clientTransport, Peers[0].PeerId, shared, Path.Combine(_data, "client"));
    }

    private static string AvmWasmPath()
    {
        var relative = Path.Combine("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");
        if (Environment.GetEnvironmentVariable("FLUENCE_COMPONENTS_DIR") is { Length: > 0 } components)
            return Path.Combine(components, relative);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fluence.Kernel.sln")))
                    return Path.Combine(dir.FullName, ".components", relative);
            }
        }
        throw new InvalidOperationException("avm.wasm not found: run eng/setup.sh or set FLUENCE_COMPONENTS_DIR");
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _clientTransport.DisposeAsync();
        foreach (var peer in Peers)
            await peer.DisposeAsync();
        if (_aquaVm is not null)
            await _aquaVm.DisposeAsync();
        _runtime?.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The shared interpreter without its lifecycle, so peers neither start nor stop it; counts invocations.</summary>
    private sealed class Unowned(IAirInterpreter inner) : IAirInterpreter
    {
        private long _invocations;

        public string Name => inner.Name;

        public string Version => inner.Version;

        public long Invocations => Interlocked.Read(ref _invocations);

        public ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _invocations);
            return inner.InvokeAsync(invocation, cancellationToken);
        }
    }
}
