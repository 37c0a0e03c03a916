using Fluence.Kernel.Content;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Plugins.Wasmtime.Packing;
using Fluence.Kernel.Runtime;
using Fluence.Kernel.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Wasmtime.Benchmarks;

/// <summary>Modules and runtimes the benchmarks share: tests/modules/abi.wat and the installed AquaVM 0.62.0.</summary>
internal static class BenchmarkModules
{
    public static string AbiWat => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "modules", "abi.wat"));

    public static byte[] PlainAbi() => global::Wasmtime.Module.ConvertText(AbiWat);

    public static byte[] Abi() => MarineModulePacker.Pack(PlainAbi(),
        MarineModuleSignature.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "modules", "abi.signature.json"))));

    public static byte[] Avm() => File.ReadAllBytes(RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm"));

    public static WasmModule Module(string name, byte[] wasm) => new(Cid.RawSha256(wasm), wasm, new ModuleConfig { Name = name });

    public static WasmtimeRuntime Runtime(string dataDirectory) =>
        new(Options.Create(new WasmtimeOptions()), new Environment(dataDirectory), NullLoggerFactory.Instance);

    public static readonly CallParameters CallParameters = new(
        new ParticleParameters("p", "init", 0, 0, "", ReadOnlyMemory<byte>.Empty, ""), "svc", "creator", "host", "worker", []);

    private sealed class Environment(string dataDirectory) : IPeerEnvironment
    {
        public KeyPair HostKey { get; } = KeyPair.Generate();
        public string DataDirectory => dataDirectory;
        public TimeProvider Time => TimeProvider.System;
    }
}
