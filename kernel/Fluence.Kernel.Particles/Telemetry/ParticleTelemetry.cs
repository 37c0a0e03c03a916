using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fluence.Kernel.Particles.Signing;

namespace Fluence.Kernel.Particles.Telemetry;

/// <summary>
/// Traces and metrics of the particle pipeline (System.Diagnostics; OpenTelemetry subscribes to the names
/// <see cref="SourceName"/>). One instance per peer, so several peers in one process keep their numbers apart.
/// </summary>
public sealed class ParticleTelemetry : IDisposable
{
    public const string SourceName = "Fluence.Kernel.Particles";

    public static ActivitySource ActivitySource { get; } = new(SourceName, "1.0.0");

    // Boxed once: a bool tag built per measurement would allocate on every interpretation and service call.
    private static readonly KeyValuePair<string, object?> Succeeded = new("success", true);
    private static readonly KeyValuePair<string, object?> Failed = new("success", false);

    private readonly Counter<long> _received;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _interpretations;
    private readonly Histogram<double> _interpretationTime;
    private readonly Counter<long> _serviceCalls;
    private readonly Histogram<double> _serviceCallTime;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _sendFailures;
    private readonly UpDownCounter<long> _mailboxDepth;
    private readonly Counter<long> _actorsReaped;

    public ParticleTelemetry(string peerId, Func<int> activeActors)
    {
        PeerId = peerId;
        Meter = new Meter(SourceName, "1.0.0", [new("peer_id", peerId)]);
        _received = Meter.CreateCounter<long>("particles_received", description: "particle frames decoded at intake");
        _dropped = Meter.CreateCounter<long>("particles_dropped", description: "particles dropped, by reason");
        _interpretations = Meter.CreateCounter<long>("interpretations", description: "interpreter runs, by outcome");
        _interpretationTime = Meter.CreateHistogram<double>("interpretation_time", "s", "duration of one interpreter run");
        _serviceCalls = Meter.CreateCounter<long>("service_calls", description: "service calls executed, by outcome");
        _serviceCallTime = Meter.CreateHistogram<double>("service_call_time", "s", "duration of one service call");
        _sent = Meter.CreateCounter<long>("particles_sent", description: "particles sent to other peers");
        _sendFailures = Meter.CreateCounter<long>("particle_send_failures", description: "particles that could not be sent");
        _mailboxDepth = Meter.CreateUpDownCounter<long>("actor_mailbox_depth", description: "messages waiting in actor mailboxes");
        _actorsReaped = Meter.CreateCounter<long>("actors_reaped", description: "actors removed after their particle's deadline");
        Meter.CreateObservableGauge("actors_active", activeActors, description: "particles in flight on this peer");
    }

    public string PeerId { get; }

    public Meter Meter { get; }

    public void Received() => _received.Add(1);

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dropped(ParticleVerdict verdict) => Dropped(verdict switch
    {
        ParticleVerdict.Expired => DropReasons.Expired,
        ParticleVerdict.BadSignature => DropReasons.BadSignature,
        ParticleVerdict.UnverifiablePeerId => DropReasons.UnverifiablePeerId,
        _ => verdict.ToString(),
    });

    public void Interpreted(bool success, TimeSpan duration)
    {
        _interpretations.Add(1, success ? Succeeded : Failed);
        _interpretationTime.Record(duration.TotalSeconds);
    }

    public void ServiceCalled(string serviceId, bool success, TimeSpan duration)
    {
        _serviceCalls.Add(1, success ? Succeeded : Failed);
        _serviceCallTime.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("service", serviceId));
    }

    public void Sent() => _sent.Add(1);

    public void SendFailed() => _sendFailures.Add(1);

    public void Enqueued() => _mailboxDepth.Add(1);

    public void Dequeued() => _mailboxDepth.Add(-1);

    public void Reaped() => _actorsReaped.Add(1);

    public void Dispose() => Meter.Dispose();
}
