using Fluence.Kernel.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fluence.Kernel.Host;

/// <summary>
/// Starts every <see cref="IPeerLifecycle"/> service group by group, in the plan's slot-dependency order, and stops
/// them in reverse. A failed start stops what already started before the failure is rethrown.
/// </summary>
internal sealed class PeerLifecycleService(IServiceProvider services, IReadOnlyList<LifecycleGroup> groups, ILogger<PeerLifecycleService> logger)
    : IHostedService
{
    private readonly Stack<(string Owner, IPeerLifecycle Service)> _started = new();
    private readonly HashSet<object> _seen = new(ReferenceEqualityComparer.Instance);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var group in groups)
            {
                foreach (var candidate in group.Candidates)
                {
                    if (candidate.Resolve(services) is not IPeerLifecycle service || !_seen.Add(service))
                        continue;
                    logger.LogDebug("Starting {Service} ({Owner})", service.GetType().Name, group.Owner);
                    await service.StartAsync(cancellationToken).ConfigureAwait(false);
                    _started.Push((group.Owner, service));
                    logger.LogInformation("Started {Service} ({Owner})", service.GetType().Name, group.Owner);
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Peer start failed; stopping what already started");
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        while (_started.TryPop(out var entry))
        {
            try
            {
                logger.LogDebug("Stopping {Service} ({Owner})", entry.Service.GetType().Name, entry.Owner);
                await entry.Service.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Keep stopping the rest: one faulty service must not leave others running.
                logger.LogError(ex, "Stopping {Service} ({Owner}) failed", entry.Service.GetType().Name, entry.Owner);
            }
        }
    }
}
