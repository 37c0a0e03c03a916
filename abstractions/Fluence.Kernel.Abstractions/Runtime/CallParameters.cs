using Fluence.Kernel.Particles;

namespace Fluence.Kernel.Runtime;

/// <summary>Marine's CallParameters, handed to every service call and readable through <c>get_call_parameters</c>.</summary>
public sealed record CallParameters(
    ParticleParameters Particle,
    string ServiceId,
    string ServiceCreatorPeerId,
    string HostId,
    string WorkerId,
    IReadOnlyList<IReadOnlyList<SecurityTetraplet>> Tetraplets);

/// <summary>The particle part of <see cref="CallParameters"/>.</summary>
public sealed record ParticleParameters(
    string Id,
    string InitPeerId,
    ulong Timestamp,
    uint Ttl,
    string Script,
    ReadOnlyMemory<byte> Signature,
    string Token);
