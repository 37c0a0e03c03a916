using System.Reflection;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>
/// The runtime slot on Wasmtime: one Engine (epoch interruption, Marine's 2 MiB Wasm stack), a compiled-module
/// cache under <c>DataDirectory/wasmtime/cache</c>, and an epoch ticker that lets deadlines and cancellation stop
/// running guests. Services defined as not interruptible get a second engine, made on first use, whose code has no
/// epoch checks.
/// </summary>
public sealed class WasmtimeRuntime : IWasmRuntime, IPeerLifecycle, IDisposable
{
    /// <summary>Version of the Wasmtime engine (the NuGet package's), part of compiled-cache keys.</summary>
    public static readonly string EngineVersion =
        (typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    private readonly WasmtimeOptions _options;
    private readonly IPeerEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly string _cacheDirectory;
    private readonly CompilingEngine _interruptible;
    private readonly object _uninterruptibleLock = new();
    private CompilingEngine? _uninterruptible;
    private readonly object _tickerLock = new();
    private Timer? _ticker;
    private bool _disposed;

    public WasmtimeRuntime(IOptions<WasmtimeOptions> options, IPeerEnvironment environment, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _environment = environment;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<WasmtimeRuntime>();
        _cacheDirectory = _options.CacheDirectory ?? Path.Combine(environment.DataDirectory, "wasmtime", "cache");
        _interruptible = new CompilingEngine(_options, interruptible: true, _cacheDirectory, _logger);
    }

    public string Name => $"wasmtime {EngineVersion}";

    internal Engine Engine => _interruptible.Engine;

    internal CompiledModuleCache Cache => _interruptible.Cache;

    /// <summary>The engine for <paramref name="interruptible"/> services; the one without epoch checks is made on first use.</summary>
    internal CompilingEngine EngineFor(bool interruptible)
    {
        if (interruptible)
            return _interruptible;
        lock (_uninterruptibleLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _uninterruptible ??= new CompilingEngine(_options, interruptible: false, _cacheDirectory, _logger);
        }
    }

    public ModuleDescription Describe(ReadOnlyMemory<byte> wasm)
    {
        var info = MarineModuleInfo.Parse(wasm);
        try
        {
            global::Wasmtime.Module.Validate(_interruptible.Engine, wasm.Span);
        }
        catch (WasmtimeException e)
        {
            throw new WasmCallException(WasmFailure.InvalidModule, $"invalid wasm: {e.Message.Split('\n')[0]}", e);
        }
        return info.Describe();
    }

    public async ValueTask<IWasmService> CreateServiceAsync(WasmServiceDefinition definition, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureTicker();
        var engine = EngineFor(definition.Interruptible);
        // Compiling is CPU-bound and can take seconds (AquaVM): keep it off the caller's thread.
        var compiled = await Task.Run(() => definition.Modules.Select(engine.Cache.Get).ToArray(), cancellationToken).ConfigureAwait(false);
        var service = new WasmtimeService(definition, compiled, engine, _options, _loggerFactory, _environment.Time);
        try
        {
            service.Start(cancellationToken);
        }
        catch
        {
            await service.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        _logger.LogDebug("Service {Service} created from {Modules}", definition.ServiceId, string.Join(", ", definition.Modules.Select(m => m.Name)));
        return service;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureTicker();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_tickerLock)
        {
            _ticker?.Dispose();
            _ticker = null;
        }
        return Task.CompletedTask;
    }

    private void EnsureTicker()
    {
        lock (_tickerLock)
        {
            _ticker ??= new Timer(_ => Tick(), null, _options.EpochTick, _options.EpochTick);
        }
    }

    private void Tick()
    {
        if (_disposed)
            return;
        try
        {
            _interruptible.Engine.IncrementEpoch();
        }
        catch (ObjectDisposedException)
        {
            // A tick racing with Dispose: nothing left to interrupt.
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _interruptible.Dispose();
        lock (_uninterruptibleLock)
            _uninterruptible?.Dispose();
    }
}
