namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>AquaVM's prev_data per (particle id, peer, signature); kept until the particle's deadline.</summary>
public interface IParticleDataStore
{
    ReadOnlyMemory<byte> Read(ParticleDataKey key);

    void Write(ParticleDataKey key, ReadOnlyMemory<byte> data);

    void Remove(ParticleDataKey key);

    int Count { get; }
}
