using System.Text;
using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>Mounted binaries: allowed per module CID, run on the host, result in Marine's MountedBinaryResult.</summary>
public sealed class EffectorTests
{
    [Fact]
    public async Task An_allowed_mounted_binary_runs_with_the_given_arguments()
    {
        var module = RuntimeFixture.Module("effector", TestModules.Wat("mounted"), c => c with
        {
            MountedBinaries = new Dictionary<string, string> { ["echo"] = "/bin/echo" },
        });
        using var fixture = new RuntimeFixture(new WasmtimeOptions { AllowedMountedBinaries = new() { [module.Cid.ToString()] = ["echo"] } });
        await using var service = await fixture.CreateAsync("effector", module);

        var result = (await service.CallJsonAsync("run", new JsonArray(new JsonArray("hello", "effector")), RuntimeFixture.CallParameters(), CancellationToken.None))!;

        Assert.Equal(0, result["ret_code"]!.GetValue<int>());
        var stdout = Encoding.UTF8.GetString(result["stdout"]!.AsArray().Select(b => b!.GetValue<byte>()).ToArray());
        Assert.Equal("hello effector\n", stdout);
    }

    [Fact]
    public async Task The_same_module_without_the_allow_list_entry_cannot_be_loaded()
    {
        using var fixture = new RuntimeFixture();
        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await fixture.CreateAsync("effector",
            RuntimeFixture.Module("effector", TestModules.Wat("mounted"), c => c with { MountedBinaries = new Dictionary<string, string> { ["echo"] = "/bin/echo" } })));
        Assert.Equal(WasmFailure.Link, error.Failure);

        // Without a mounted-binary config the import is an unknown host function.
        error = await Assert.ThrowsAsync<WasmCallException>(async () => await fixture.CreateAsync("effector2", RuntimeFixture.Module("effector", TestModules.Wat("mounted"))));
        Assert.Equal(WasmFailure.Link, error.Failure);
        Assert.Contains("echo", error.Message);
    }

    [Fact]
    public void A_module_importing_a_mounted_binary_is_described_as_an_effector()
    {
        using var fixture = new RuntimeFixture();

        var description = fixture.Runtime.Describe(TestModules.Wat("mounted"));

        Assert.Equal(["echo"], description.HostImports);
        Assert.False(description.UsesLogger);
    }
}
