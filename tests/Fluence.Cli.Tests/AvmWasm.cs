using Fluence.Kernel.Testing;

namespace Fluence.Cli.Tests;

/// <summary>The peers run the real AquaVM: fail (never skip) with "run eng/setup.sh" when it is not installed.</summary>
internal static class AvmWasm
{
    public static string EnsureInstalled() => RepoPaths.Component("avm", "node_modules", "avm-0.62.0", "dist", "avm.wasm");
}
