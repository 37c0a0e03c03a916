using Fluence.Kernel.Plugins.Wasmtime.Packing;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Services.Tests;

/// <summary>The runtime helper's WAT test modules (tests/modules), assembled and packed into Marine modules with their packer.</summary>
internal static class TestModules
{
    public static byte[] Wat(string name)
    {
        var directory = Path.Combine(RepoPaths.Root, "tests", "modules");
        var wasm = global::Wasmtime.Module.ConvertText(File.ReadAllText(Path.Combine(directory, name + ".wat")));
        var signature = MarineModuleSignature.Parse(File.ReadAllText(Path.Combine(directory, name + ".signature.json")));
        return MarineModulePacker.Pack(wasm, signature);
    }
}
