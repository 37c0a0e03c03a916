using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>The real AquaVM builds installed by eng/components/avm (npm aliases avm-&lt;version&gt;).</summary>
internal static class AvmModules
{
    public static readonly string[] Versions = ["0.35.4", "0.48.0", "0.54.0", "0.62.0"];

    public static byte[] Wasm(string version) =>
        File.ReadAllBytes(RepoPaths.Component("avm", "node_modules", $"avm-{version}", "dist", "avm.wasm"));
}
