using System.Collections.Concurrent;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// prev_data in memory. Its size is bounded by <see cref="ParticlePipelineOptions.MaxActors"/> (one entry per actor)
/// and every entry is removed when its actor is reaped.
/// </summary>
public sealed class InMemoryParticleDataStore : IParticleDataStore
{
    private readonly ConcurrentDictionary<ParticleDataKey, ReadOnlyMemory<byte>> _data = new();

    public ReadOnlyMemory<byte> Read(ParticleDataKey key) => _data.TryGetValue(key, out var data) ? data : ReadOnlyMemory<byte>.Empty;

    public void Write(ParticleDataKey key, ReadOnlyMemory<byte> data) => _data[key] = data;

    public void Remove(ParticleDataKey key) => _data.TryRemove(key, out _);

    public int Count => _data.Count;
}
