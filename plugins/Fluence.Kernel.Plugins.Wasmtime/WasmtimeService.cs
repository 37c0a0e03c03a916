using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Wasmtime.Abi;
using Fluence.Kernel.Plugins.Wasmtime.Host;
using Fluence.Kernel.Plugins.Wasmtime.Json;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>
/// A service: its modules in load order (last = facade), one Store per module, calls serialized by a gate. A call
/// that traps, times out or exhausts memory discards every instance; the next call gets fresh ones, same service id.
/// </summary>
internal sealed class WasmtimeService : IWasmService
{
    private static readonly CallParameters NoCallParameters = new(new ParticleParameters("", "", 0, 0, "", ReadOnlyMemory<byte>.Empty, ""), "", "", "", "", []);

    private readonly Engine _engine;
    private readonly bool _interruptible;
    private readonly WasmtimeOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ServiceModule> _modules = [];
    private readonly ulong? _memoryLimit;
    private MarineInstance[]? _instances;
    private bool _disposed;

    public WasmtimeService(WasmServiceDefinition definition, IReadOnlyList<CompiledMarineModule> compiled, CompilingEngine engine, WasmtimeOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        if (definition.Modules.Count == 0)
            throw new WasmCallException(WasmFailure.Link, $"service '{definition.ServiceId}' has no modules");
        ServiceId = definition.ServiceId;
        WorkingDirectory = definition.WorkingDirectory;
        _engine = engine.Engine;
        _interruptible = engine.Interruptible;
        _options = options;
        _logger = loggerFactory.CreateLogger<WasmtimeService>();
        _memoryLimit = definition.TotalMemoryLimit ?? (options.DefaultTotalMemoryLimit is { } d ? (ulong)d : null);
        Budget = new CallBudget(time);
        Directory.CreateDirectory(WorkingDirectory);
        try
        {
            for (var i = 0; i < definition.Modules.Count; i++)
            {
                var module = definition.Modules[i];
                if (_modules.Any(m => m.Name == module.Name))
                    throw new WasmCallException(WasmFailure.Link, $"service '{ServiceId}' has two modules named '{module.Name}'");
                _modules.Add(new ServiceModule(this, module, compiled[i], engine.Engine, loggerFactory.CreateLogger("Fluence.Kernel.Wasm." + module.Name), options, _modules.ToArray()));
            }
        }
        catch
        {
            foreach (var m in _modules)
                m.Dispose();
            throw;
        }
        Interface = _modules[^1].Compiled.Info.Interface;
        _signatures = Interface.Functions.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, ItFunctionSignature> _signatures;

    public string ServiceId { get; }

    public string WorkingDirectory { get; }

    public ServiceInterface Interface { get; }

    public CallBudget Budget { get; }

    /// <summary>What <c>get_call_parameters</c> returns during the current call.</summary>
    public CallParameters CurrentCallParameters { get; private set; } = NoCallParameters;

    public long MemoryUsed => _instances is { } instances ? TotalMemory(instances) : 0;

    private static long TotalMemory(MarineInstance[] instances)
    {
        long total = 0;
        foreach (var instance in instances)
            total += instance.MemorySize;
        return total;
    }

    /// <summary>Instantiates now (so a broken module fails service creation, not its first call).</summary>
    public void Start(CancellationToken cancellationToken) => Run(static (_, _) => 0, 0, NoCallParameters, cancellationToken);

    public async ValueTask<IReadOnlyList<ItValue>> CallAsync(string function, IReadOnlyList<ItValue> arguments, CallParameters callParameters, CancellationToken cancellationToken)
    {
        var signature = Signature(function);
        ItValueCheck.Arguments(signature, arguments, Interface);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Run(static (instances, state) => instances[^1].Call(state.function, state.arguments), (function, arguments), callParameters, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask<JsonNode?> CallJsonAsync(string function, JsonNode? arguments, CallParameters callParameters, CancellationToken cancellationToken)
    {
        var signature = Signature(function);
        var values = ItJson.Arguments(arguments, signature, Interface);
        var outputs = await CallAsync(function, values, callParameters, cancellationToken).ConfigureAwait(false);
        return ItJson.Result(outputs, signature.Outputs, Interface);
    }

    private ItFunctionSignature Signature(string function) =>
        _signatures.TryGetValue(function, out var signature)
            ? signature
            : throw new WasmCallException(WasmFailure.InvalidArguments, $"service '{ServiceId}' has no function '{function}'");

    private T Run<TState, T>(Func<MarineInstance[], TState, T> call, TState state, CallParameters callParameters, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        CurrentCallParameters = callParameters;
        Budget.Begin(_options.CallTimeout, cancellationToken);
        try
        {
            _instances ??= Instantiate();
            ApplyMemoryLimits(_instances);
            if (_interruptible)
            {
                foreach (var instance in _instances)
                    instance.Store.SetEpochDeadline(1);
            }
            var result = call(_instances, state);
            if (_memoryLimit is { } limit && (ulong)MemoryUsed > limit)
                throw new WasmCallException(WasmFailure.MemoryExhausted, $"service '{ServiceId}' uses {MemoryUsed} bytes of memory, over its limit of {limit}");
            return result;
        }
        catch (Exception e)
        {
            var failure = Classify(e);
            if (failure.Failure is WasmFailure.Trap or WasmFailure.Timeout or WasmFailure.MemoryExhausted)
                Discard();
            if (failure != e)
                throw failure;
            throw;
        }
        finally
        {
            Budget.End();
            CurrentCallParameters = NoCallParameters;
        }
    }

    private MarineInstance[] Instantiate()
    {
        var instances = new List<MarineInstance>();
        try
        {
            foreach (var module in _modules)
            {
                var host = new ModuleHost(module);
                var store = new Store(_engine, host);
                try
                {
                    store.SetWasiConfiguration(module.Wasi());
                    if (_memoryLimit is { } limit)
                    {
                        var used = instances.Sum(i => i.MemorySize);
                        store.SetLimits(memorySize: Math.Max(0, (long)Math.Min(limit, long.MaxValue) - used));
                    }
                    if (_interruptible)
                    {
                        store.SetEpochDeadlineCallback(s => ((ModuleHost)s.GetData()!).Module.Service.Budget.Check());
                        store.SetEpochDeadline(1);
                    }
                    var instance = module.Linker.Instantiate(store, module.Compiled.Module);
                    var imports = module.Compiled.AdaptedImports.Select(i =>
                    {
                        var target = instances[_modules.FindIndex(m => m.Name == i.Import.Namespace)];
                        var name = i.Import.Name;
                        return (Func<IReadOnlyList<ItValue>, IReadOnlyList<ItValue>>)(args => target.Call(name, args));
                    }).ToArray();
                    var marine = new MarineInstance(store, instance, module.Compiled, imports);
                    host.Instance = marine;
                    instances.Add(marine);
                    instance.GetAction("_initialize")?.Invoke();
                    instance.GetAction("_start")?.Invoke();
                }
                catch
                {
                    if (host.Instance is null)
                        store.Dispose();
                    throw;
                }
            }
            return [.. instances];
        }
        catch
        {
            foreach (var i in instances)
                i.Dispose();
            throw;
        }
    }

    // Wasmtime limits each memory, Marine the service: each store may grow by what the whole service has left.
    private void ApplyMemoryLimits(MarineInstance[] instances)
    {
        if (_memoryLimit is not { } limit)
            return;
        var left = Math.Max(0, (long)Math.Min(limit, long.MaxValue) - TotalMemory(instances));
        foreach (var i in instances)
            i.Store.SetLimits(memorySize: i.MemorySize + left);
    }

    private void Discard()
    {
        if (_instances is null)
            return;
        foreach (var i in _instances)
            i.Dispose();
        _instances = null;
    }

    private WasmCallException Classify(Exception e)
    {
        var stderr = string.Join("; ", _modules.Select(m => m.TakeStderr()).Where(s => s.Length > 0));
        var suffix = stderr.Length > 0 ? $" (guest stderr: {stderr})" : "";
        if (e is OperationCanceledException)
            return new WasmCallException(WasmFailure.Timeout, $"call into service '{ServiceId}' was cancelled", e);
        if (e is WasmCallException w)
            return w;
        if (Find<CallInterruptedException>(e) is { } interrupted)
            return new WasmCallException(WasmFailure.Timeout, $"service '{ServiceId}': {interrupted.Message} (timeout {_options.CallTimeout})", e);
        if (Find<WasmCallException>(e) is { } inner)
            return inner;
        var message = FirstLines(e.Message);
        if (e is TrapException trap)
        {
            if (trap.Type == TrapCode.Interrupt)
                return new WasmCallException(WasmFailure.Timeout, $"service '{ServiceId}' was interrupted: {message}", e);
            if (MemoryNearLimit() || stderr.Contains("memory allocation of", StringComparison.Ordinal))
                return new WasmCallException(WasmFailure.MemoryExhausted, $"service '{ServiceId}' ran out of memory (limit {_memoryLimit} bytes): {message}{suffix}", e);
            return new WasmCallException(WasmFailure.Trap, $"service '{ServiceId}' trapped ({trap.Type}): {message}{suffix}", e);
        }
        if (e is WasmtimeException we)
        {
            if (we.ExitCode is { } code)
                return new WasmCallException(WasmFailure.Trap, $"service '{ServiceId}' exited with code {code}{suffix}", e);
            if (message.Contains("unknown import", StringComparison.OrdinalIgnoreCase) || message.Contains("incompatible import", StringComparison.OrdinalIgnoreCase))
                return new WasmCallException(WasmFailure.Link, $"service '{ServiceId}' cannot be linked: {message}", e);
            if (_memoryLimit is not null && message.Contains("memory", StringComparison.OrdinalIgnoreCase) && message.Contains("minimum", StringComparison.OrdinalIgnoreCase))
                return new WasmCallException(WasmFailure.MemoryExhausted, $"service '{ServiceId}' needs more memory than its limit of {_memoryLimit} bytes: {message}", e);
            return new WasmCallException(WasmFailure.Trap, $"service '{ServiceId}' failed: {message}{suffix}", e);
        }
        _logger.LogError(e, "Unexpected failure in service {Service}", ServiceId);
        return new WasmCallException(WasmFailure.Trap, $"service '{ServiceId}' failed: {e.GetType().Name}: {message}", e);
    }

    // A refused memory.grow surfaces as a guest abort; the service being at its limit tells it apart from other traps.
    private bool MemoryNearLimit()
    {
        if (_memoryLimit is not { } limit || _instances is null)
            return false;
        var left = (long)Math.Min(limit, long.MaxValue) - MemoryUsed;
        return left < Math.Max(2L * 1024 * 1024, (long)(limit / 8));
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T t)
                return t;
        }
        return null;
    }

    // Wasmtime messages carry a backtrace between the summary and the cause: keep the summary and the cause.
    private static string FirstLines(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var kept = lines.Take(1).Concat(lines.Skip(1).Where(l => l.Contains("trap", StringComparison.OrdinalIgnoreCase) || l.StartsWith("Caused by", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(4));
        var text = string.Join(" | ", kept.Distinct());
        return text.Length > 600 ? text[..600] + "…" : text;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            Discard();
            foreach (var m in _modules)
                m.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
