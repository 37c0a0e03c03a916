using System.Diagnostics;
using Fluence.Kernel.Plugins.Wasmtime.Packing;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>
/// The test modules of tests/modules, built at test time: WAT through Wasmtime's text converter, C through
/// tests/modules/build.sh (clang + wasi-libc); then packed into Marine modules by <see cref="MarineModulePacker"/>.
/// </summary>
internal static class TestModules
{
    private static readonly Lazy<string> CBuild = new(BuildC);

    public static string Directory => Path.Combine(RepoPaths.Root, "tests", "modules");

    public static MarineModuleSignature Signature(string name) =>
        MarineModuleSignature.Parse(File.ReadAllText(Path.Combine(Directory, name + ".signature.json")));

    /// <summary>The plain (unpacked) wasm of a WAT module.</summary>
    public static byte[] PlainWat(string name, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(Directory, name + ".wat"));
        return global::Wasmtime.Module.ConvertText(edit?.Invoke(text) ?? text);
    }

    public static byte[] Wat(string name, Func<string, string>? edit = null, string sdkVersion = "0.14.0", MarineModuleSignature? signature = null) =>
        MarineModulePacker.Pack(PlainWat(name, edit), signature ?? Signature(name), sdkVersion);

    public static byte[] C(string name) =>
        MarineModulePacker.Pack(File.ReadAllBytes(Path.Combine(CBuild.Value, name + ".wasm")), Signature(name));

    private static string BuildC()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "test-modules");
        var start = new ProcessStartInfo("bash", [Path.Combine(Directory, "build.sh"), output])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tests/modules/build.sh failed (are clang lld wasi-libc libclang-rt-14-dev-wasm32 installed? run eng/setup.sh): {stderr}");
        return output;
    }
}
