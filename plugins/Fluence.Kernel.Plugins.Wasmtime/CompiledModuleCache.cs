using System.Collections.Concurrent;
using Fluence.Kernel.Plugins.Wasmtime.Abi;
using Fluence.Kernel.Plugins.Wasmtime.Interface;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging;
using Wasmtime;

namespace Fluence.Kernel.Plugins.Wasmtime;

/// <summary>
/// Compiled modules in memory (shared by services) and on disk as <c>&lt;cid&gt;.&lt;engine&gt;.cwasm</c>: compiling
/// AquaVM takes seconds, deserializing it tens of milliseconds. A file the engine refuses is recompiled and replaced.
/// </summary>
internal sealed class CompiledModuleCache(Engine engine, string directory, string engineKey, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<CompiledMarineModule>> _memory = new();

    public string Directory => directory;

    public CompiledMarineModule Get(WasmModule module)
    {
        var cid = module.Cid.ToString();
        var entry = _memory.GetOrAdd(cid, _ => new Lazy<CompiledMarineModule>(() => Load(cid, module.Wasm)));
        try
        {
            return entry.Value;
        }
        catch
        {
            _memory.TryRemove(new KeyValuePair<string, Lazy<CompiledMarineModule>>(cid, entry));
            throw;
        }
    }

    /// <summary>Loads without the in-memory layer (benchmarks measure the disk cache).</summary>
    public CompiledMarineModule Load(string cid, ReadOnlyMemory<byte> wasm)
    {
        var info = MarineModuleInfo.Parse(wasm);
        var path = PathOf(cid);
        if (File.Exists(path))
        {
            try
            {
                var cached = Module.DeserializeFile(engine, cid, path);
                return new CompiledMarineModule(info, cached);
            }
            catch (WasmtimeException e)
            {
                logger.LogWarning("Compiled module {Path} is not usable ({Reason}); recompiling", path, e.Message);
            }
        }
        Module compiled;
        try
        {
            compiled = Module.FromBytes(engine, cid, wasm.Span);
        }
        catch (WasmtimeException e)
        {
            throw new WasmCallException(WasmFailure.InvalidModule, $"invalid wasm: {e.Message.Split('\n')[0]}", e);
        }
        var result = new CompiledMarineModule(info, compiled);
        try
        {
            System.IO.Directory.CreateDirectory(directory);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, compiled.Serialize());
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not cache compiled module {Cid}: {Reason}", cid, e.Message);
        }
        return result;
    }

    public string PathOf(string cid) => Path.Combine(directory, $"{cid}.{engineKey}.cwasm");

    public void Dispose()
    {
        foreach (var entry in _memory.Values)
        {
            if (entry.IsValueCreated)
                entry.Value.Dispose();
        }
        _memory.Clear();
    }
}
