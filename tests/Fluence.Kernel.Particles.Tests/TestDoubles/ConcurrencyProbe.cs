using System.Collections.Concurrent;
using Fluence.Kernel.Interpretation;

namespace Fluence.Kernel.Particles.Tests.TestDoubles;

/// <summary>Wraps an interpreter, slows each run down and records the most runs of one (particle, peer) seen at once.</summary>
public sealed class ConcurrencyProbe(IAirInterpreter inner, TimeSpan delay) : IAirInterpreter
{
    private readonly ConcurrentDictionary<string, int> _running = new();
    private int _maxPerActor;
    private int _runningTotal;
    private int _maxTotal;

    public string Name => inner.Name;

    public string Version => inner.Version;

    public int MaxConcurrentRunsOfOneActor => Volatile.Read(ref _maxPerActor);

    public int MaxConcurrentRuns => Volatile.Read(ref _maxTotal);

    public async ValueTask<InterpreterOutcome> InvokeAsync(InterpreterInvocation invocation, CancellationToken cancellationToken)
    {
        var key = invocation.Parameters.ParticleId + "@" + invocation.Parameters.CurrentPeerId;
        int mine = _running.AddOrUpdate(key, 1, (_, n) => n + 1);
        int total = Interlocked.Increment(ref _runningTotal);
        UpdateMax(ref _maxPerActor, mine);
        UpdateMax(ref _maxTotal, total);
        try
        {
            await Task.Delay(delay, cancellationToken);
            return await inner.InvokeAsync(invocation, cancellationToken);
        }
        finally
        {
            _running.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _runningTotal);
        }
    }

    private static void UpdateMax(ref int max, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref max)) < value && Interlocked.CompareExchange(ref max, value, seen) != seen)
        {
        }
    }
}
