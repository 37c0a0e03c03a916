using System.Diagnostics;
using System.Text;
using Fluence.Kernel.Plugins.Wasmtime.Abi;
using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Host;

/// <summary>
/// One module as configured in one service: its compiled code, its Linker (WASI, the host API in all four
/// namespaces, shims for functions of earlier modules, allowed mounted binaries), its WASI confinement and logger.
/// Lives as long as the service; instances made from it are replaced after a trap.
/// </summary>
internal sealed class ServiceModule : IDisposable
{
    private const int StderrTail = 2048;

    private readonly WasmtimeService _service;
    private readonly StringBuilder _stderr = new();
    private readonly List<(string Guest, string Host)> _mappedDirs = [];

    public ServiceModule(WasmtimeService service, WasmModule definition, CompiledMarineModule compiled, Engine engine, ILogger logger, WasmtimeOptions options, IReadOnlyList<ServiceModule> earlier)
    {
        _service = service;
        Definition = definition;
        Compiled = compiled;
        Logger = logger;
        Options = options;
        CheckImports(earlier);
        PrepareDirectories();
        Linker = new Linker(engine);
        try
        {
            Linker.DefineWasi();
            DefineHostApi();
            DefineModuleImports();
        }
        catch
        {
            Linker.Dispose();
            throw;
        }
    }

    public WasmModule Definition { get; }
    public CompiledMarineModule Compiled { get; }
    public ILogger Logger { get; }
    public WasmtimeOptions Options { get; }
    public Linker Linker { get; }
    public string Name => Definition.Name;
    public WasmtimeService Service => _service;

    /// <summary>The last lines the guest wrote to stderr (Rust panics land there before the trap).</summary>
    public string TakeStderr()
    {
        lock (_stderr)
        {
            var text = _stderr.ToString().Trim();
            _stderr.Clear();
            return text;
        }
    }

    public WasiConfiguration Wasi()
    {
        var wasi = new WasiConfiguration()
            .WithEnvironmentVariable("service_id", _service.ServiceId)
            .WithEnvironmentVariable("WASM_LOG", Options.GuestLogLevel)
            .WithStandardOutputCallback(bytes => Output(bytes, error: false))
            .WithStandardErrorCallback(bytes => Output(bytes, error: true));
        foreach (var (key, value) in Definition.Config.Envs)
            wasi = wasi.WithEnvironmentVariable(key, value);
        foreach (var (guest, host) in _mappedDirs)
        {
            wasi = wasi.WithPreopenedDirectory(host, guest, true);
            // Marine names an env var after each mapped dir; inside the sandbox the path that works is the guest's.
            wasi = wasi.WithEnvironmentVariable(guest, guest);
        }
        return wasi;
    }

    private void Output(ReadOnlySpan<byte> bytes, bool error)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (error)
        {
            lock (_stderr)
            {
                _stderr.Append(text);
                if (_stderr.Length > StderrTail)
                    _stderr.Remove(0, _stderr.Length - StderrTail);
            }
        }
        if (Logger.IsEnabled(LogLevel.Debug))
            Logger.LogDebug("{Service}/{Module} {Stream}: {Text}", _service.ServiceId, Name, error ? "stderr" : "stdout", text.TrimEnd());
    }

    private void PrepareDirectories()
    {
        var root = Path.GetFullPath(_service.WorkingDirectory);
        foreach (var (guest, host) in Definition.Config.MappedDirs)
        {
            var full = Path.GetFullPath(Path.Combine(root, host));
            if (full != root && !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new WasmCallException(WasmFailure.Link, $"module '{Name}': mapped dir '{guest}' -> '{host}' leaves the service directory");
            Directory.CreateDirectory(full);
            _mappedDirs.Add((guest, full));
        }
    }

    private void CheckImports(IReadOnlyList<ServiceModule> earlier)
    {
        var allowed = Options.AllowedMountedBinaries.TryGetValue(Definition.Cid.ToString(), out var list) ? list : [];
        foreach (var binary in Definition.Config.MountedBinaries.Keys)
        {
            if (!allowed.Contains(binary))
                throw new WasmCallException(WasmFailure.Link, $"module '{Name}' ({Definition.Cid}) may not mount binary '{binary}': it is not in the effector allow-list");
        }
        var adapted = Compiled.AdaptedImports.Select(i => (i.Import.Namespace, i.Import.Name)).ToHashSet();
        foreach (var import in Compiled.Info.Binary.FunctionImports)
        {
            if (import.Module == MarineModuleInfo.WasiNamespace)
                continue;
            if (MarineModuleInfo.HostNamespaces.Contains(import.Module))
            {
                if (import.Name is MarineModuleInfo.LogFunction or MarineModuleInfo.CallParametersFunction || Definition.Config.MountedBinaries.ContainsKey(import.Name))
                    continue;
                throw new WasmCallException(WasmFailure.Link, $"module '{Name}' imports unknown host function '{import.Module}.{import.Name}'");
            }
            if (earlier.Any(m => m.Name == import.Module))
            {
                if (!adapted.Contains((import.Module, import.Name)))
                    throw new WasmCallException(WasmFailure.Link, $"module '{Name}' imports '{import.Module}.{import.Name}' without an interface-types adapter");
                if (!earlier.First(m => m.Name == import.Module).Compiled.Functions.ContainsKey(import.Name))
                    throw new WasmCallException(WasmFailure.Link, $"module '{Name}' imports '{import.Name}' which module '{import.Module}' does not export");
                continue;
            }
            throw new WasmCallException(WasmFailure.Link, $"module '{Name}' imports '{import.Module}.{import.Name}': no such host function and no module '{import.Module}' loaded before it");
        }
    }

    private void DefineHostApi()
    {
        foreach (var ns in MarineModuleInfo.HostNamespaces)
        {
            var layout = CallParametersLayout.ForNamespace(ns);
            Linker.DefineFunction(ns, MarineModuleInfo.LogFunction, new CallerAction<int, int, int, int>(Log));
            Linker.DefineFunction(ns, MarineModuleInfo.CallParametersFunction, new CallerAction(caller => CallParameters(caller, layout)));
            foreach (var (name, path) in Definition.Config.MountedBinaries)
                Linker.DefineFunction(ns, name, new CallerAction<int, int>((caller, pointer, count) => RunMountedBinary(caller, path, (uint)pointer, (uint)count)));
        }
    }

    private static MarineInstance InstanceOf(Caller caller) =>
        (caller.GetData() as ModuleHost)?.Instance ?? throw new WasmCallException(WasmFailure.Trap, "host function called before the module was instantiated");

    private void Log(Caller caller, int level, int target, int pointer, int length)
    {
        if (!Definition.Config.LoggerEnabled || (target != 0 && (target & Definition.Config.LoggingMask) == 0))
            return;
        string message;
        try
        {
            message = Lilo.LiftString(InstanceOf(caller), (uint)pointer, (uint)length);
        }
        catch (WasmCallException e)
        {
            Logger.LogWarning("{Service}/{Module}: dropped a log message: {Reason}", _service.ServiceId, Name, e.Message);
            return;
        }
        var logLevel = level switch
        {
            1 => LogLevel.Error,
            2 => LogLevel.Warning,
            3 => LogLevel.Information,
            4 => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        Logger.Log(logLevel, "{Service}/{Module}: {Message}", _service.ServiceId, Name, message);
    }

    private void CallParameters(Caller caller, CallParametersLayout layout)
    {
        var instance = InstanceOf(caller);
        var record = layout.ToRecord(_service.CurrentCallParameters);
        var pointer = Lilo.LowerRecord(instance, record, layout.RecordId, layout.Types);
        instance.SetResult(pointer, null);
    }

    private static readonly ItRecordEntry MountedBinaryResult = new("MountedBinaryResult",
    [
        new("ret_code", ItType.Of(ItTypeKind.S32)), new("error", ItType.Of(ItTypeKind.String)),
        new("stdout", ItType.Of(ItTypeKind.ByteArray)), new("stderr", ItType.Of(ItTypeKind.ByteArray)),
    ]);

    private void RunMountedBinary(Caller caller, string path, uint pointer, uint count)
    {
        var instance = InstanceOf(caller);
        var args = (ItValue.Array)Lilo.LiftArray(instance, pointer, count, ItType.Of(ItTypeKind.String));
        instance.ReleaseObjects();
        ItValue.Record result;
        try
        {
            var start = new ProcessStartInfo(path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = _service.WorkingDirectory,
            };
            foreach (var a in args.Items)
                start.ArgumentList.Add(((ItValue.Text)a).Value);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("the process did not start");
            process.StandardInput.Close();
            var stdout = new MemoryStream();
            var stderr = new MemoryStream();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
            var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr);
            var timeout = _service.Budget.Remaining < Options.MountedBinaryTimeout ? _service.Budget.Remaining : Options.MountedBinaryTimeout;
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                result = Result(100000, "the binary was killed after its time limit", [], []);
            }
            else
            {
                Task.WaitAll(copyOut, copyErr);
                result = Result(process.ExitCode, "", stdout.ToArray(), stderr.ToArray());
            }
        }
        catch (Exception e) when (e is not WasmCallException)
        {
            result = Result(100001, e.Message, [], []);
        }
        instance.SetResult(Lilo.LowerRecord(instance, result, 0, [MountedBinaryResult]), null);

        static ItValue.Record Result(int code, string error, byte[] stdout, byte[] stderr) =>
            new([new ItValue.Signed(ItTypeKind.S32, code), new ItValue.Text(error), new ItValue.Bytes(stdout), new ItValue.Bytes(stderr)]);
    }

    // Functions of earlier modules: the raw import runs this module's import adapter, which calls the other module with IT values.
    private void DefineModuleImports()
    {
        for (var j = 0; j < Compiled.AdaptedImports.Count; j++)
        {
            var (import, _, _) = Compiled.AdaptedImports[j];
            var core = Compiled.ImportCoreTypes[j];
            var adapter = Compiled.ImportAdapters[j];
            var adapterType = Compiled.Info.Section.FunctionType(Compiled.AdaptedImports[j].Adapter.FunctionType);
            var parameterKinds = core.Arguments.Select(a => CompiledMarineModule.ToValueKind(a.Type.Kind)).ToArray();
            var resultKinds = core.Outputs.Select(o => CompiledMarineModule.ToValueKind(o.Kind)).ToArray();
            Linker.DefineFunction(import.Namespace, import.Name, (Caller caller, ReadOnlySpan<ValueBox> args, Span<ValueBox> results) =>
            {
                var instance = InstanceOf(caller);
                var values = new ItValue[args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    var kind = i < adapterType.Arguments.Count ? adapterType.Arguments[i].Type.Kind : ItTypeKind.I32;
                    long bits = parameterKinds[i] switch
                    {
                        ValueKind.Int32 => args[i].AsInt32(),
                        ValueKind.Int64 => args[i].AsInt64(),
                        ValueKind.Float32 => BitConverter.SingleToInt32Bits(args[i].AsSingle()),
                        _ => BitConverter.DoubleToInt64Bits(args[i].AsDouble()),
                    };
                    values[i] = ItScalars.FromBits(ItScalars.Normalize(bits, kind), kind);
                }
                var outputs = adapter.Run(instance, values);
                for (var i = 0; i < results.Length && i < outputs.Count; i++)
                {
                    var bits = ItScalars.ToBits(outputs[i], adapter.Outputs[i].Kind);
                    results[i] = resultKinds[i] switch
                    {
                        ValueKind.Int32 => (int)bits,
                        ValueKind.Int64 => bits,
                        ValueKind.Float32 => BitConverter.Int32BitsToSingle((int)bits),
                        _ => BitConverter.Int64BitsToDouble(bits),
                    };
                }
            }, parameterKinds, resultKinds);
        }
    }

    public void Dispose() => Linker.Dispose();
}
