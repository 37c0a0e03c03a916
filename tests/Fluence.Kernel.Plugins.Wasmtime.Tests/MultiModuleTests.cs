using System.Text.Json.Nodes;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>A service of two modules: the facade calls its dependency through an interface-types import.</summary>
public sealed class MultiModuleTests
{
    [Fact]
    public async Task The_facade_calls_a_function_of_the_module_loaded_before_it()
    {
        using var fixture = new RuntimeFixture();
        await using var service = await fixture.CreateAsync("pair",
            RuntimeFixture.Module("storage", TestModules.Wat("storage")),
            RuntimeFixture.Module("facade", TestModules.Wat("facade")));

        var result = await service.CallJsonAsync("relay", new JsonArray("hello, marine"), RuntimeFixture.CallParameters(), CancellationToken.None);

        Assert.Equal("HELLO, MARINE", result!.GetValue<string>());
        Assert.Equal(["relay"], service.Interface.Functions.Select(f => f.Name));
        Assert.True(service.MemoryUsed >= 2 * 65536);
    }
}
