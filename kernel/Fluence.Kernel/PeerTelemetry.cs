using Fluence.Kernel.Host.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fluence.Kernel.Host;

/// <summary>
/// OpenTelemetry for a peer: subscribes to every <c>Fluence.Kernel.*</c> activity source and meter (the kernel's and
/// the plugins', which need nothing but System.Diagnostics) and exports them as <see cref="TelemetrySettings"/> says.
/// The resource names the peer: service <c>fluence-peer</c>, instance = its peer id.
/// </summary>
internal static class PeerTelemetry
{
    public const string ServiceName = "fluence-peer";
    public const string Sources = "Fluence.Kernel.*";

    public static void AddPeerTelemetry(this IServiceCollection services, TelemetrySettings settings, string peerId)
    {
        if (!settings.IsEnabled)
            return;
        bool console = settings.Exporters.Contains(TelemetrySettings.Console);
        bool otlp = settings.Exporters.Contains(TelemetrySettings.Otlp);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceInstanceId: peerId, autoGenerateServiceInstanceId: false))
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources);
                if (console)
                    tracing.AddConsoleExporter();
                if (otlp)
                    tracing.AddOtlpExporter(exporter => Configure(exporter, settings, "traces"));
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Sources);
                if (console)
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.MetricExportIntervalMs);
                if (otlp)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Configure(exporter, settings, "metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.MetricExportIntervalMs;
                    });
                }
            });
    }

    private static void Configure(OtlpExporterOptions exporter, TelemetrySettings settings, string signal)
    {
        var endpoint = new Uri(settings.OtlpEndpoint!);
        if (settings.OtlpProtocol == TelemetrySettings.HttpProtobuf)
        {
            // A programmatic endpoint is used as given, so the signal's path (the OTLP/HTTP convention) is added here.
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint, $"{endpoint.AbsolutePath.TrimEnd('/')}/v1/{signal}");
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }
}
