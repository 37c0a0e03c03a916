using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Fluence.Kernel.Host;
using Xunit;

namespace Fluence.Kernel.Tests;

/// <summary><c>Peer:Telemetry</c>: the peer exports every <c>Fluence.Kernel.*</c> trace and metric over real OTLP/HTTP.</summary>
[Collection(TestPluginsCollection.Name)]
public sealed class PeerTelemetryTests(TestPluginsFixture plugins)
{
    private static readonly string[] AllSlotPlugins = ["TestPlugin.Storage", "TestPlugin.TransportB", "TestPlugin.Runtime", "TestPlugin.Interpreter"];
    private const string SecretKey = "7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=";
    private const string PeerId = "12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D";

    [Fact]
    public async Task A_peer_with_an_otlp_exporter_sends_kernel_spans_and_metrics_named_for_the_peer()
    {
        using var receiver = OtlpHttpReceiver.Start();
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure($$$$"""
            {"Peer": {"SecretKey": "{{{{SecretKey}}}}", "Plugins": ["transport-b", "test-interpreter", "test-runtime", "test-storage"],
                      "Telemetry": {"Exporters": ["otlp"], "OtlpEndpoint": "{{{{receiver.Endpoint}}}}", "OtlpProtocol": "http/protobuf"}}}
            """);
        // What a plugin does: a source and a meter of its own under Fluence.Kernel.*, nothing OpenTelemetry-specific.
        using var source = new ActivitySource("Fluence.Kernel.Tests.Telemetry");
        using var meter = new Meter("Fluence.Kernel.Tests.Telemetry");
        var counter = meter.CreateCounter<long>("test_particles_seen");
        using var unrelated = new ActivitySource("Some.Other.Library");

        await using (var peer = sandbox.Builder().Build())
        {
            await peer.StartAsync(CancellationToken.None);
            using (source.StartActivity("test-particle"))
            using (unrelated.StartActivity("not-exported"))
                counter.Add(3);
            await peer.StopAsync(CancellationToken.None);
        }

        // Disposing the peer flushes both providers.
        var traces = Text(receiver.Bodies("/v1/traces"));
        Assert.Contains("test-particle", traces);
        Assert.Contains("Fluence.Kernel.Tests.Telemetry", traces);
        Assert.DoesNotContain("not-exported", traces);
        Assert.Contains("fluence-peer", traces);
        Assert.Contains(PeerId, traces);
        var metrics = Text(receiver.Bodies("/v1/metrics"));
        Assert.Contains("test_particles_seen", metrics);
        Assert.Contains(PeerId, metrics);
    }

    [Theory]
    [InlineData("""{"Exporters": ["zipkin"]}""", "Peer:Telemetry:Exporters: unknown exporter 'zipkin'")]
    [InlineData("""{"Exporters": ["otlp"]}""", "Peer:Telemetry:OtlpEndpoint: '' is not an http(s) address")]
    [InlineData("""{"Exporters": ["otlp"], "OtlpEndpoint": "http://127.0.0.1:4317", "OtlpProtocol": "udp"}""", "Peer:Telemetry:OtlpProtocol: unknown protocol 'udp'")]
    public void Wrong_telemetry_settings_are_a_configuration_error_before_anything_starts(string telemetry, string message)
    {
        using var sandbox = new PeerSandbox(plugins, AllSlotPlugins);
        sandbox.Configure($$$$"""
            {"Peer": {"Plugins": ["transport-b", "test-interpreter", "test-runtime", "test-storage"], "Telemetry": {{{{telemetry}}}}}}
            """);

        var error = Assert.Throws<PeerConfigurationException>(() => sandbox.Builder().Build());

        Assert.Contains(message, error.Message);
        Assert.Empty(sandbox.LifecycleEvents);
    }

    // Protobuf carries strings as raw UTF-8, so names and attribute values are visible in the bytes.
    private static string Text(IReadOnlyList<byte[]> bodies) => string.Concat(bodies.Select(b => Encoding.UTF8.GetString(b)));
}
