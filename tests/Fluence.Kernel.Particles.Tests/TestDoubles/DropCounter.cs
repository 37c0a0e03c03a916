using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fluence.Kernel.Particles.Telemetry;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>Listens to <c>particles_dropped</c> of every peer in the process and counts drops per (peer, reason).</summary>
public sealed class DropCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Peer, string Reason), long> _drops = new();

    public DropCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ParticleTelemetry.SourceName && instrument.Name == "particles_dropped")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var peer = instrument.Meter.Tags?.FirstOrDefault(t => t.Key == "peer_id").Value as string ?? "";
            string reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                    reason = tag.Value as string ?? "";
            }
            _drops.AddOrUpdate((peer, reason), value, (_, n) => n + value);
        });
        _listener.Start();
    }

    public long Count(string peer, string reason) => _drops.TryGetValue((peer, reason), out var n) ? n : 0;

    public long Count(string reason) => _drops.Where(d => d.Key.Reason == reason).Sum(d => d.Value);

    /// <summary>Drops for running out of time at any stage (arrival, before a send, in flight), on one peer or on all.</summary>
    public long Expiries(string? peer = null) => ExpiryReasons.Sum(reason => peer is null ? Count(reason) : Count(peer, reason));

    private static readonly string[] ExpiryReasons = [DropReasons.Expired, DropReasons.ExpiredBeforeSend, DropReasons.ExpiredInFlight];

    public void Dispose() => _listener.Dispose();
}
