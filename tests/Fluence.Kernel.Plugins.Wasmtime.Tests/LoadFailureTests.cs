using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>Modules that must not load: each fails with a clear <see cref="WasmCallException"/>.</summary>
public sealed class LoadFailureTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private async Task<WasmCallException> CreateFails(params WasmModule[] modules) =>
        await Assert.ThrowsAsync<WasmCallException>(async () => await _fixture.CreateAsync("broken", modules));

    [Fact]
    public void Bytes_that_are_not_wasm_are_an_invalid_module()
    {
        var error = Assert.Throws<WasmCallException>(() => _fixture.Runtime.Describe("definitely not wasm"u8.ToArray()));
        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public async Task A_truncated_module_is_an_invalid_module()
    {
        var wasm = TestModules.Wat("abi");
        var truncated = wasm[..(wasm.Length / 2)];

        var described = Assert.Throws<WasmCallException>(() => _fixture.Runtime.Describe(truncated));
        Assert.Equal(WasmFailure.InvalidModule, described.Failure);
        Assert.Contains("truncated", described.Message);
        Assert.Equal(WasmFailure.InvalidModule, (await CreateFails(RuntimeFixture.Module("t", truncated))).Failure);
    }

    [Fact]
    public void A_plain_wasm_module_without_marine_sections_is_refused()
    {
        var error = Assert.Throws<WasmCallException>(() => _fixture.Runtime.Describe(TestModules.PlainWat("abi")));
        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
        Assert.Contains("__fluence_sdk_version", error.Message);
    }

    [Fact]
    public void A_broken_interface_types_section_is_an_invalid_module()
    {
        var wasm = TestModules.Wat("abi");
        // The IT section is appended right before the sdk-version section: cut a byte out of its middle.
        var marker = System.Text.Encoding.ASCII.GetBytes("interface-types");
        var at = wasm.AsSpan().IndexOf(marker) + marker.Length;
        var corrupt = wasm.ToArray();
        for (var i = at + 40; i < at + 60; i++)
            corrupt[i] = 0xff;

        var error = Assert.Throws<WasmCallException>(() => _fixture.Runtime.Describe(corrupt));

        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
        Assert.Contains("interface-types", error.Message);
    }

    [Fact]
    public void An_old_sdk_version_is_refused()
    {
        var error = Assert.Throws<WasmCallException>(() => _fixture.Runtime.Describe(TestModules.Wat("abi", sdkVersion: "0.5.0")));
        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
        Assert.Contains("0.5.0", error.Message);
    }

    [Fact]
    public async Task A_module_importing_a_nonexistent_host_function_fails_to_link()
    {
        var error = await CreateFails(RuntimeFixture.Module("ghost", TestModules.Wat("ghost")));
        Assert.Equal(WasmFailure.Link, error.Failure);
        Assert.Contains("launch_missiles", error.Message);
    }

    [Fact]
    public async Task A_module_importing_from_a_module_not_loaded_before_it_fails_to_link()
    {
        var error = await CreateFails(RuntimeFixture.Module("facade", TestModules.Wat("facade")));
        Assert.Equal(WasmFailure.Link, error.Failure);
        Assert.Contains("storage", error.Message);
    }

    [Fact]
    public async Task A_mounted_binary_not_in_the_effector_allow_list_is_refused()
    {
        var error = await CreateFails(RuntimeFixture.Module("abi", TestModules.Wat("abi"), c => c with
        {
            MountedBinaries = new Dictionary<string, string> { ["curl"] = "/usr/bin/curl" },
        }));
        Assert.Equal(WasmFailure.Link, error.Failure);
        Assert.Contains("curl", error.Message);
    }

    [Fact]
    public async Task A_mounted_binary_allowed_for_that_module_cid_is_accepted()
    {
        var module = RuntimeFixture.Module("abi", TestModules.Wat("abi"), c => c with
        {
            MountedBinaries = new Dictionary<string, string> { ["echo"] = "/bin/echo" },
        });
        using var fixture = new RuntimeFixture(new WasmtimeOptions
        {
            AllowedMountedBinaries = new() { [module.Cid.ToString()] = ["echo"] },
        });

        await using var service = await fixture.CreateAsync("effector", module);

        Assert.Equal("effector", service.ServiceId);
    }

    [Fact]
    public async Task A_mapped_dir_escaping_the_service_directory_is_refused()
    {
        var error = await CreateFails(RuntimeFixture.Module("abi", TestModules.Wat("abi"), c => c with
        {
            MappedDirs = new Dictionary<string, string> { ["/etc"] = "../../../../../../etc" },
        }));
        Assert.Equal(WasmFailure.Link, error.Failure);
    }
}
