using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Interpretation;
using Fluence.Kernel.Plugins.AquaVm.Marshalling;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>
/// The interpreter slot on the real AquaVM 0.62.0: <c>avm.wasm</c> instantiated through the peer's
/// <see cref="IWasmRuntime"/>, several instances in a pool so particles of different actors run in parallel.
/// An instance runs one invocation at a time; after a trap, a timeout or memory exhaustion it is discarded.
/// Two pools: scripts with loops run on interruptible instances (the invocation timeout stops them), loop-free
/// scripts (<see cref="LoopFreeScript"/>) on instances compiled without interruption checks.
/// </summary>
public sealed class AquaVmInterpreter : IAirInterpreter, IPeerLifecycle, IAsyncDisposable
{
    public const string AquaVmVersion = "0.62.0";

    private readonly IWasmRuntime _runtime;
    private readonly AquaVmOptions _options;
    private readonly ILogger<AquaVmInterpreter> _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    // Made together: loop-free scripts' pool (the one started and warmed up) and the interruptible one (instances on demand).
    private InstancePool<AquaVmInstance>? _pool;
    private InstancePool<AquaVmInstance>? _interruptiblePool;
    private WasmModule? _module;
    private string? _workingDirectory;
    private int _instanceCounter;
    private readonly CancellationTokenSource _stopping = new();
    private Task _warmUp = Task.CompletedTask;

    public AquaVmInterpreter(IWasmRuntime runtime, IOptions<AquaVmOptions> options, ILogger<AquaVmInterpreter> logger)
    {
        _runtime = runtime;
        _options = options.Value;
        _logger = logger;
    }

    public string Name => "aquavm";

    public string Version => AquaVmVersion;

    /// <summary>Instances currently alive (for diagnostics and tests).</summary>
    public int LiveInstances => (_pool?.Live ?? 0) + (_interruptiblePool?.Live ?? 0);

    /// <summary>Loads avm.wasm and makes the first instance, so a missing or broken AquaVM fails the peer's start.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pool = await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var instance = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        pool.Return(instance);
        if (_options.WarmUp)
            _warmUp = WarmUpAsync(pool, _stopping.Token);
        _logger.LogInformation("AquaVM {Version} ready on {Runtime} (pool of {PoolSize})", AquaVmVersion, _runtime.Name, pool.Size);
    }

    /// <summary>
    /// The rest of the pool, instantiated in the background after start (one instance is already there), then one
    /// interruptible instance: the first script with a loop would otherwise wait for avm.wasm to be compiled with
    /// interruption checks (seconds on a busy machine) inside its particle's TTL.
    /// </summary>
    private async Task WarmUpAsync(InstancePool<AquaVmInstance> pool, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await pool.FillAsync(cancellationToken).ConfigureAwait(false);
            var interruptible = _interruptiblePool!;
            interruptible.Return(await interruptible.RentAsync(cancellationToken).ConfigureAwait(false));
            _logger.LogDebug("AquaVM pool warmed up: {Live} instances", LiveInstances);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not fatal: invocations create what is missing on demand (and report the failure themselves).
            _logger.LogDebug(ex, "AquaVM pool warm-up stopped");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var pool = await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        if (!LoopFreeScript.Is(invocation.Air))
            pool = _interruptiblePool!;
        var arguments = InvokeArguments.Build(invocation);
        var callParameters = CallParametersOf(invocation.Parameters);
        var instance = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ItValue> results;
        try
        {
            using var deadline = instance.Deadline.Arm(_options.InvocationTimeout, cancellationToken);
            results = await instance.Service.CallAsync(InvokeArguments.Function, arguments, callParameters, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsPoisoning(ex))
        {
            _logger.LogWarning(ex, "AquaVM instance {ServiceId} failed on particle {ParticleId}; replacing it", instance.Service.ServiceId, invocation.Parameters.ParticleId);
            await pool.DiscardAsync(instance).ConfigureAwait(false);
            throw;
        }
        catch
        {
            pool.Return(instance);
            throw;
        }
        pool.Return(instance);
        return OutcomeDecoder.Decode(results);
    }

    public async ValueTask DisposeAsync()
    {
        // The warm-up may be inside the runtime: let it finish before the pool (and then the runtime) go away.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _warmUp.ConfigureAwait(false);
        var pool = Interlocked.Exchange(ref _pool, null);
        if (pool is not null)
            await pool.DisposeAsync().ConfigureAwait(false);
        var interruptible = Interlocked.Exchange(ref _interruptiblePool, null);
        if (interruptible is not null)
            await interruptible.DisposeAsync().ConfigureAwait(false);
        if (_workingDirectory is { } dir && Directory.Exists(dir))
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException ex)
            {
                _logger.LogDebug(ex, "could not remove {Directory}", dir);
            }
        }
    }

    /// <summary>A trap, a deadline or memory exhaustion may leave the guest's stack pointer or heap corrupt.</summary>
    private static bool IsPoisoning(Exception ex) =>
        ex is OperationCanceledException ||
        ex is WasmCallException { Failure: WasmFailure.Trap or WasmFailure.Timeout or WasmFailure.MemoryExhausted };

    private async ValueTask<InstancePool<AquaVmInstance>> EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (_pool is { } ready)
            return ready;
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pool is { } loaded)
                return loaded;
            var path = AvmWasmLocator.Resolve(_options.AvmWasmPath);
            if (!File.Exists(path))
                throw new FileNotFoundException(AvmWasmLocator.MissingMessage(path), path);
            var wasm = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            // Identifies the module to the runtime (its compile cache); never shown to users.
            _module = new WasmModule(Cid.RawSha256(wasm), wasm, new ModuleConfig
            {
                Name = "avm",
                LoggerEnabled = !string.Equals(_options.WasmLog, "off", StringComparison.OrdinalIgnoreCase),
                Envs = new Dictionary<string, string> { ["WASM_LOG"] = _options.WasmLog },
            });
            // AquaVM touches no files; the runtime still wants a directory to confine WASI to.
            _workingDirectory = Directory.CreateTempSubdirectory("fluence-aquavm-").FullName;
            _logger.LogDebug("loaded {Path} ({Bytes} bytes, {Cid})", path, wasm.Length, _module.Cid);
            _interruptiblePool = new InstancePool<AquaVmInstance>(_options.PoolSize, ct => CreateInstanceAsync(interruptible: true, ct));
            _pool = new InstancePool<AquaVmInstance>(_options.PoolSize, ct => CreateInstanceAsync(interruptible: false, ct));
            return _pool;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private async ValueTask<AquaVmInstance> CreateInstanceAsync(bool interruptible, CancellationToken cancellationToken)
    {
        var id = $"aquavm-{Interlocked.Increment(ref _instanceCounter)}";
        var definition = new WasmServiceDefinition(id, [_module!], _workingDirectory!, _options.MemoryLimitBytes, interruptible);
        var service = await _runtime.CreateServiceAsync(definition, cancellationToken).ConfigureAwait(false);
        _logger.LogDebug("created AquaVM instance {ServiceId} (interruptible: {Interruptible})", id, interruptible);
        return new AquaVmInstance(service);
    }

    /// <summary>AquaVM reads no call parameters; Marine hands every call some, so give the particle's own.</summary>
    private static CallParameters CallParametersOf(RunParameters p) => new(
        new ParticleParameters(p.ParticleId, p.InitPeerId, p.Timestamp, p.Ttl, Script: "", Signature: ReadOnlyMemory<byte>.Empty, Token: ""),
        ServiceId: "avm",
        ServiceCreatorPeerId: p.CurrentPeerId,
        HostId: p.CurrentPeerId,
        WorkerId: p.CurrentPeerId,
        Tetraplets: []);
}
