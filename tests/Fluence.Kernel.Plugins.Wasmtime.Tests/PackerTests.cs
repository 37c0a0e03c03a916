using Fluence.Kernel.Plugins.Wasmtime.Packing;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>MarineModulePacker: plain wasm + signature description → a Marine module.</summary>
public sealed class PackerTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_packed_module_describes_exactly_the_given_signature()
    {
        var signature = TestModules.Signature("abi");

        var description = _fixture.Runtime.Describe(MarineModulePacker.Pack(TestModules.PlainWat("abi"), signature, "0.14.0"));

        Assert.Equal("0.14.0", description.SdkVersion);
        Assert.Equal(signature.Functions.Select(f => f.Name), description.Interface.Functions.Select(f => f.Name));
        // The interface JSON is itself a signature description: packing from it gives the same interface.
        var reparsed = MarineModuleSignature.Parse(description.Interface.ToJson());
        var again = _fixture.Runtime.Describe(MarineModulePacker.Pack(TestModules.PlainWat("abi"), reparsed));
        Assert.Equal(description.Interface.ToJson().ToJsonString(), again.Interface.ToJson().ToJsonString());
    }

    [Fact]
    public void Packing_a_packed_module_again_replaces_its_sections()
    {
        var once = TestModules.Wat("abi");
        var twice = MarineModulePacker.Pack(once, TestModules.Signature("storage"), "0.11.0");

        var description = _fixture.Runtime.Describe(twice);

        Assert.Equal("0.11.0", description.SdkVersion);
        Assert.Equal(["shout"], description.Interface.Functions.Select(f => f.Name));
    }

    [Fact]
    public void A_signature_naming_an_unknown_type_is_refused()
    {
        Assert.Throws<FormatException>(() => MarineModuleSignature.Parse("""{"function_signatures":[{"name":"f","arguments":[["x","Nope"]],"output_types":[]}]}"""));
    }

    [Fact]
    public async Task A_packed_function_missing_from_the_wasm_exports_is_an_invalid_module()
    {
        var signature = MarineModuleSignature.Parse("""{"function_signatures":[{"name":"not_exported","arguments":[],"output_types":[]}]}""");
        var wasm = MarineModulePacker.Pack(TestModules.PlainWat("storage"), signature);

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await _fixture.CreateAsync("missing", RuntimeFixture.Module("m", wasm)));

        Assert.Equal(WasmFailure.InvalidModule, error.Failure);
        Assert.Contains("not_exported", error.Message);
    }
}
