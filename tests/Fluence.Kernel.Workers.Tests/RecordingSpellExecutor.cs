using System.Collections.Concurrent;
using System.Threading.Channels;
using Fluence.Kernel.Workers.Spells;

namespace Fluence.Kernel.Workers.Tests;

/// <summary>
/// The seam where the particle pipeline takes spell particles. It records every particle and runs
/// <see cref="Script"/> on it, standing in for AquaVM executing the spell's AIR (the calls it makes go through the real
/// builtins, as the pipeline would make them).
/// </summary>
internal sealed class RecordingSpellExecutor : ISpellParticleExecutor
{
    private readonly Channel<SpellParticle> _arrivals = Channel.CreateUnbounded<SpellParticle>();

    public ConcurrentQueue<SpellParticle> Executed { get; } = new();

    public Func<SpellParticle, CancellationToken, ValueTask>? Script { get; set; }

    public async ValueTask ExecuteAsync(SpellParticle spellParticle, CancellationToken cancellationToken)
    {
        Executed.Enqueue(spellParticle);
        _arrivals.Writer.TryWrite(spellParticle);
        if (Script is not null)
            await Script(spellParticle, cancellationToken);
    }

    /// <summary>Waits (bounded) for the next particle handed over; for triggers that fire on another thread.</summary>
    public async Task<SpellParticle> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }
}
