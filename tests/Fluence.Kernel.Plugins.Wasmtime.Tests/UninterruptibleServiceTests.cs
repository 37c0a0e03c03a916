using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>Services defined as not interruptible: compiled by a second engine without epoch checks, beside interruptible ones.</summary>
public sealed class UninterruptibleServiceTests
{
    private static async Task<string> Echo(IWasmService service, string text)
    {
        var echo = await service.CallJsonAsync("echo_string", new JsonArray(text), RuntimeFixture.CallParameters(), CancellationToken.None);
        return echo!.GetValue<string>();
    }

    [Fact]
    public async Task An_uninterruptible_service_is_compiled_apart_from_interruptible_code_and_its_calls_work()
    {
        using var fixture = new RuntimeFixture();
        var module = RuntimeFixture.Module("abi", TestModules.Wat("abi"));
        var cid = module.Cid.ToString();

        await using var service = await fixture.Runtime.CreateServiceAsync(fixture.Service("steady", module) with { Interruptible = false }, CancellationToken.None);

        Assert.Equal("steady", await Echo(service, "steady"));
        var uninterruptibleCache = fixture.Runtime.EngineFor(interruptible: false).Cache;
        Assert.True(File.Exists(uninterruptibleCache.PathOf(cid)));
        Assert.NotEqual(fixture.Runtime.Cache.PathOf(cid), uninterruptibleCache.PathOf(cid));
        Assert.False(File.Exists(fixture.Runtime.Cache.PathOf(cid)));
    }

    [Fact]
    public async Task Beside_an_uninterruptible_service_of_the_same_module_an_interruptible_one_still_stops_at_its_deadline()
    {
        using var fixture = new RuntimeFixture(new WasmtimeOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        var module = RuntimeFixture.Module("abi", TestModules.Wat("abi"));
        await using var steady = await fixture.Runtime.CreateServiceAsync(fixture.Service("steady", module) with { Interruptible = false }, CancellationToken.None);
        await using var spinner = await fixture.CreateAsync("spinner", module);

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await spinner.CallJsonAsync("spin", null, RuntimeFixture.CallParameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.Timeout, error.Failure);
        Assert.Equal("after", await Echo(steady, "after"));
        Assert.Equal("after", await Echo(spinner, "after"));
    }

    [Fact]
    public async Task A_call_to_an_uninterruptible_service_with_a_cancelled_token_does_not_start()
    {
        using var fixture = new RuntimeFixture();
        var module = RuntimeFixture.Module("abi", TestModules.Wat("abi"));
        await using var service = await fixture.Runtime.CreateServiceAsync(fixture.Service("steady", module) with { Interruptible = false }, CancellationToken.None);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await service.CallJsonAsync("echo_string", new JsonArray("never"), RuntimeFixture.CallParameters(), cancelled.Token));

        Assert.Equal("still here", await Echo(service, "still here"));
    }
}
