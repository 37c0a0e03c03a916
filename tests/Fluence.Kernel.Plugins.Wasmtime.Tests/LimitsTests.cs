using System.Text.Json.Nodes;
using Fluence.Kernel.Runtime;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>Deadlines, cancellation, traps and memory exhaustion: a clear error each time, and the service lives on.</summary>
public sealed class LimitsTests
{
    private static async Task AssertUsable(IWasmService service)
    {
        var echo = await service.CallJsonAsync("echo_string", new JsonArray("alive"), RuntimeFixture.CallParameters(), CancellationToken.None);
        Assert.Equal("alive", echo!.GetValue<string>());
    }

    [Fact]
    public async Task An_infinite_loop_is_stopped_at_the_call_deadline_and_the_service_keeps_working()
    {
        using var fixture = new RuntimeFixture(new WasmtimeOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        await using var service = await fixture.CreateAsync("spinner", RuntimeFixture.Module("abi", TestModules.Wat("abi")));

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("spin", null, RuntimeFixture.CallParameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.Timeout, error.Failure);
        Assert.Contains("spinner", error.Message);
        Assert.Equal("spinner", service.ServiceId);
        await AssertUsable(service);
    }

    [Fact]
    public async Task Cancelling_the_token_interrupts_a_running_call()
    {
        using var fixture = new RuntimeFixture();
        await using var service = await fixture.CreateAsync("cancelled", RuntimeFixture.Module("abi", TestModules.Wat("abi")));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("spin", null, RuntimeFixture.CallParameters(), cts.Token));

        Assert.Equal(WasmFailure.Timeout, error.Failure);
        await AssertUsable(service);
    }

    [Fact]
    public async Task A_trap_is_reported_and_the_next_call_gets_a_fresh_instance()
    {
        using var fixture = new RuntimeFixture();
        await using var service = await fixture.CreateAsync("crasher", RuntimeFixture.Module("abi", TestModules.Wat("abi")));

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("crash", null, RuntimeFixture.CallParameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.Trap, error.Failure);
        Assert.Contains("unreachable", error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertUsable(service);
    }

    [Fact]
    public async Task A_memory_bomb_hits_the_service_memory_limit_and_the_service_recovers()
    {
        using var fixture = new RuntimeFixture();
        var definition = fixture.Service("bomb", RuntimeFixture.Module("abi", TestModules.Wat("abi"))) with { TotalMemoryLimit = 16 * 1024 * 1024 };
        await using var service = await fixture.Runtime.CreateServiceAsync(definition, CancellationToken.None);

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("bomb", null, RuntimeFixture.CallParameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.MemoryExhausted, error.Failure);
        await AssertUsable(service);
        Assert.True(service.MemoryUsed <= 16 * 1024 * 1024, $"memory {service.MemoryUsed}");
    }

    [Fact]
    public async Task The_memory_limit_is_shared_by_all_modules_of_a_service()
    {
        using var fixture = new RuntimeFixture();
        // Each module starts with 1 page (64 KiB): two of them do not fit in 100 KiB.
        var definition = fixture.Service("tight",
            RuntimeFixture.Module("storage", TestModules.Wat("storage")),
            RuntimeFixture.Module("facade", TestModules.Wat("facade"))) with { TotalMemoryLimit = 100 * 1024 };

        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await fixture.Runtime.CreateServiceAsync(definition, CancellationToken.None));

        Assert.Equal(WasmFailure.MemoryExhausted, error.Failure);
    }

    [Fact]
    public async Task Calls_into_one_service_are_serialized()
    {
        using var fixture = new RuntimeFixture();
        await using var service = await fixture.CreateAsync("busy", RuntimeFixture.Module("abi", TestModules.Wat("abi")));

        var calls = Enumerable.Range(0, 32).Select(i => service.CallJsonAsync("echo_string", new JsonArray($"call {i}"), RuntimeFixture.CallParameters(), CancellationToken.None).AsTask()).ToArray();
        var results = await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 32).Select(i => $"call {i}"), results.Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Deep_recursion_past_the_maximum_wasm_stack_traps_and_the_service_recovers()
    {
        using var fixture = new RuntimeFixture(new WasmtimeOptions { MaxWasmStackBytes = 128 * 1024 });
        await using var service = await fixture.CreateAsync("deep", RuntimeFixture.Module("abi", TestModules.Wat("abi")));

        var shallow = await service.CallJsonAsync("recurse", new JsonArray(100), RuntimeFixture.CallParameters(), CancellationToken.None);
        Assert.Equal(100u, shallow!.GetValue<uint>());
        var error = await Assert.ThrowsAsync<WasmCallException>(async () => await service.CallJsonAsync("recurse", new JsonArray(1_000_000), RuntimeFixture.CallParameters(), CancellationToken.None));

        Assert.Equal(WasmFailure.Trap, error.Failure);
        Assert.Contains("stack", error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertUsable(service);
    }
}
