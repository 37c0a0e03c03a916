namespace Fluence.Kernel.Host.Configuration;

/// <summary>
/// <c>Peer:Telemetry</c>: where the peer's OpenTelemetry traces and metrics go. Every activity source and meter named
/// <c>Fluence.Kernel.*</c> (the kernel's and the plugins') is exported; with no exporter nothing is collected.
/// </summary>
public sealed class TelemetrySettings
{
    public const string Console = "console";
    public const string Otlp = "otlp";
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary><c>console</c> and/or <c>otlp</c>.</summary>
    public List<string> Exporters { get; set; } = [];

    /// <summary>The OTLP collector: for <c>grpc</c> its address (<c>http://127.0.0.1:4317</c>); for <c>http/protobuf</c>
    /// its base address, to which <c>/v1/traces</c> and <c>/v1/metrics</c> are appended.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = Grpc;

    /// <summary>How often metrics are exported.</summary>
    public int MetricExportIntervalMs { get; set; } = 10_000;

    public bool IsEnabled => Exporters.Count > 0;

    /// <summary>Every problem with these settings, as configuration errors (keys under <c>Peer:Telemetry</c>).</summary>
    public IEnumerable<string> Validate()
    {
        const string key = $"{PeerSettings.SectionName}:Telemetry";
        foreach (var exporter in Exporters.Where(e => e is not (Console or Otlp)))
            yield return $"{key}:Exporters: unknown exporter '{exporter}' (known: {Console}, {Otlp})";
        if (!Exporters.Contains(Otlp))
            yield break;
        if (!Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            yield return $"{key}:OtlpEndpoint: '{OtlpEndpoint}' is not an http(s) address of an OTLP collector";
        if (OtlpProtocol is not (Grpc or HttpProtobuf))
            yield return $"{key}:OtlpProtocol: unknown protocol '{OtlpProtocol}' (known: {Grpc}, {HttpProtobuf})";
        if (MetricExportIntervalMs <= 0)
            yield return $"{key}:MetricExportIntervalMs: must be positive, got {MetricExportIntervalMs}";
    }
}
