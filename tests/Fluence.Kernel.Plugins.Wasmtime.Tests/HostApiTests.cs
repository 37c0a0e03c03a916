using System.Text.Json.Nodes;
using Fluence.Kernel.Plugins.Wasmtime.Packing;
using Fluence.Kernel.Runtime;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Plugins.Wasmtime.Tests;

/// <summary>The host API by import namespace: call parameters in each generation's layout, and logging.</summary>
public sealed class HostApiTests
{
    private static readonly string TetrapletV0 = """{ "name": "SecurityTetraplet", "fields": [["peer_pk", "string"], ["service_id", "string"], ["function_name", "string"], ["json_path", "string"]] }""";

    private static MarineModuleSignature CallParametersOnly(string records) => MarineModuleSignature.Parse($$"""
        { "record_types": [{{records}}],
          "function_signatures": [ { "name": "call_parameters", "arguments": [], "output_types": ["CallParameters"] } ] }
        """);

    public static TheoryData<string, string, string> Generations => new()
    {
        {
            "host",
            "0|" + TetrapletV0 + """, { "name": "CallParameters", "fields": [["init_peer_id", "string"], ["service_id", "string"], ["service_creator_peer_id", "string"], ["host_id", "string"], ["particle_id", "string"], ["tetraplets", "[][]SecurityTetraplet"]] }""",
            """{"init_peer_id":"12D3KooWInit","service_id":"service-1","service_creator_peer_id":"12D3KooWCreator","host_id":"12D3KooWHost","particle_id":"particle-1","tetraplets":[[{"peer_pk":"12D3KooWPeer","service_id":"svc","function_name":"fn","json_path":".$.lens"}]]}"""
        },
        {
            "__marine_host_api_v1",
            "1|" + TetrapletV0 + """, { "name": "CallParameters", "fields": [["init_peer_id", "string"], ["service_id", "string"], ["service_creator_peer_id", "string"], ["host_id", "string"], ["worker_id", "string"], ["particle_id", "string"], ["tetraplets", "[][]SecurityTetraplet"]] }""",
            """{"init_peer_id":"12D3KooWInit","service_id":"service-1","service_creator_peer_id":"12D3KooWCreator","host_id":"12D3KooWHost","worker_id":"12D3KooWWorker","particle_id":"particle-1","tetraplets":[[{"peer_pk":"12D3KooWPeer","service_id":"svc","function_name":"fn","json_path":".$.lens"}]]}"""
        },
        {
            "__marine_host_api_v2",
            "1|" + """{ "name": "SecurityTetraplet", "fields": [["peer_pk", "string"], ["service_id", "string"], ["function_name", "string"], ["lambda", "string"]] }, """ + ParticleAndV2Fields,
            """{"particle":{"id":"particle-1","init_peer_id":"12D3KooWInit","timestamp":1700000000000,"ttl":60000,"script":"(null)","signature":[1,2,3],"token":"token"},"service_id":"service-1","service_creator_peer_id":"12D3KooWCreator","host_id":"12D3KooWHost","worker_id":"12D3KooWWorker","tetraplets":[[{"peer_pk":"12D3KooWPeer","service_id":"svc","function_name":"fn","lambda":".$.lens"}]]}"""
        },
        {
            "__marine_host_api_v3",
            "1|" + """{ "name": "SecurityTetraplet", "fields": [["peer_pk", "string"], ["service_id", "string"], ["function_name", "string"], ["lens", "string"]] }, """ + ParticleAndV2Fields,
            """{"particle":{"id":"particle-1","init_peer_id":"12D3KooWInit","timestamp":1700000000000,"ttl":60000,"script":"(null)","signature":[1,2,3],"token":"token"},"service_id":"service-1","service_creator_peer_id":"12D3KooWCreator","host_id":"12D3KooWHost","worker_id":"12D3KooWWorker","tetraplets":[[{"peer_pk":"12D3KooWPeer","service_id":"svc","function_name":"fn","lens":".$.lens"}]]}"""
        },
    };

    private const string ParticleAndV2Fields =
        """{ "name": "ParticleParameters", "fields": [["id", "string"], ["init_peer_id", "string"], ["timestamp", "u64"], ["ttl", "u32"], ["script", "string"], ["signature", "[]u8"], ["token", "string"]] }, { "name": "CallParameters", "fields": [["particle", "ParticleParameters"], ["service_id", "string"], ["service_creator_peer_id", "string"], ["host_id", "string"], ["worker_id", "string"], ["tetraplets", "[][]SecurityTetraplet"]] }""";

    [Theory]
    [MemberData(nameof(Generations))]
    public async Task Call_parameters_reach_the_module_in_the_layout_of_its_host_namespace(string hostNamespace, string records, string expected)
    {
        using var fixture = new RuntimeFixture();
        var signature = CallParametersOnly(records[(records.IndexOf('|') + 1)..]);
        var wasm = TestModules.Wat("abi", text => text.Replace("__marine_host_api_v3", hostNamespace), signature: signature);
        await using var service = await fixture.CreateAsync("cp", RuntimeFixture.Module("cp", wasm));

        var result = await service.CallJsonAsync("call_parameters", null, RuntimeFixture.CallParameters(), CancellationToken.None);

        Assert.Equal(expected, result!.ToJsonString());
    }

    [Fact]
    public async Task Guest_logs_go_to_the_logger_with_module_name_and_level_filtered_by_the_logging_mask()
    {
        var logs = new CapturingLoggerProvider();
        using var fixture = new RuntimeFixture(loggerFactory: logs);
        await using var service = await fixture.CreateAsync("logging", RuntimeFixture.Module("chatty", TestModules.Wat("abi"), c => c with { LoggingMask = 1 }));

        await service.CallJsonAsync("log_info", new JsonArray("visible message"), RuntimeFixture.CallParameters(), CancellationToken.None);
        await service.CallJsonAsync("log_masked", new JsonArray("masked message"), RuntimeFixture.CallParameters(), CancellationToken.None);

        var entry = Assert.Single(logs.Entries, e => e.Message.Contains("visible message"));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("chatty", entry.Category + entry.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("masked message"));
    }

    [Fact]
    public async Task A_disabled_logger_drops_guest_logs()
    {
        var logs = new CapturingLoggerProvider();
        using var fixture = new RuntimeFixture(loggerFactory: logs);
        await using var service = await fixture.CreateAsync("quiet", RuntimeFixture.Module("quiet", TestModules.Wat("abi"), c => c with { LoggerEnabled = false }));

        await service.CallJsonAsync("log_info", new JsonArray("nobody hears this"), RuntimeFixture.CallParameters(), CancellationToken.None);

        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("nobody hears this"));
    }
}
