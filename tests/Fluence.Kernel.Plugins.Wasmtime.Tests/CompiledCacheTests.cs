using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>The compiled-module cache on disk, keyed by module CID and engine version.</summary>
public sealed class CompiledCacheTests
{
    [Fact]
    public async Task Compiled_modules_are_cached_under_the_data_directory_by_cid_and_engine_version()
    {
        using var fixture = new RuntimeFixture();
        var module = RuntimeFixture.Module("abi", TestModules.Wat("abi"));
        await using (await fixture.CreateAsync("first", module)) { }

        var file = Path.Combine(fixture.DataDirectory, "wasmtime", "cache", $"{module.Cid}.wasmtime-{WasmtimeRuntime.EngineVersion}.cwasm");
        Assert.True(File.Exists(file), file);
        Assert.Equal("50.0.1", WasmtimeRuntime.EngineVersion);
        Assert.Equal("wasmtime 50.0.1", fixture.Runtime.Name);

        // A second runtime on the same data directory loads the cached code.
        var written = File.GetLastWriteTimeUtc(file);
        using var second = new WasmtimeRuntime(Options.Create(new WasmtimeOptions()), fixture.Environment, NullLoggerFactory.Instance);
        await using var service = await second.CreateServiceAsync(fixture.Service("second", module), CancellationToken.None);
        Assert.Equal("cached", (await service.CallJsonAsync("echo_string", new JsonArray("cached"), RuntimeFixture.CallParameters(), CancellationToken.None))!.GetValue<string>());
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public async Task A_corrupt_cache_file_is_recompiled()
    {
        using var fixture = new RuntimeFixture();
        var module = RuntimeFixture.Module("abi", TestModules.Wat("abi"));
        var file = Path.Combine(fixture.DataDirectory, "wasmtime", "cache", $"{module.Cid}.wasmtime-{WasmtimeRuntime.EngineVersion}.cwasm");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, [1, 2, 3, 4]);

        await using var service = await fixture.CreateAsync("recompiled", module);

        Assert.Equal("ok", (await service.CallJsonAsync("echo_string", new JsonArray("ok"), RuntimeFixture.CallParameters(), CancellationToken.None))!.GetValue<string>());
        Assert.True(new FileInfo(file).Length > 4);
    }
}
