using System.Text.Json;
using Fluence.Kernel.Testing;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>The plugin's manifest: id, slot and configuration section the kernel loads it by.</summary>
public sealed class WasmtimePluginTests
{
    [Fact]
    public void The_manifest_declares_the_runtime_slot_and_the_Wasmtime_section()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "plugins", "Fluence.Kernel.Plugins.Wasmtime", "plugin.json")));
        var root = manifest.RootElement;

        Assert.Equal("wasmtime", root.GetProperty("id").GetString());
        Assert.Equal(["runtime"], root.GetProperty("provides").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Wasmtime", root.GetProperty("configurationSection").GetString());
        Assert.Equal("Fluence.Kernel.Plugins.Wasmtime.dll", root.GetProperty("assembly").GetString());
        Assert.Equal(typeof(WasmtimePlugin).Assembly.GetName().Name + ".dll", root.GetProperty("assembly").GetString());
    }
}
