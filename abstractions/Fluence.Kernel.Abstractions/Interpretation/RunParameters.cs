namespace Fluence.Kernel.Interpretation;

/// <summary>AquaVM's RunParameters (field order is the order of the Wasm record).</summary>
/// <param name="SecretKey">32-byte Ed25519 seed of the current peer (host or worker); AquaVM signs its part of the data with it.</param>
/// <param name="KeyFormat">0 = Ed25519, the only one accepted.</param>
public sealed record RunParameters(
    string InitPeerId,
    string CurrentPeerId,
    ulong Timestamp,
    uint Ttl,
    byte KeyFormat,
    ReadOnlyMemory<byte> SecretKey,
    string ParticleId,
    ulong AirSizeLimit = RunParameters.DefaultAirSizeLimit,
    ulong ParticleSizeLimit = RunParameters.DefaultParticleSizeLimit,
    ulong CallResultSizeLimit = RunParameters.DefaultCallResultSizeLimit,
    bool HardLimitEnabled = false)
{
    public const ulong DefaultAirSizeLimit = 16 * 1024 * 1024;
    public const ulong DefaultParticleSizeLimit = 64 * 1024 * 1024;
    public const ulong DefaultCallResultSizeLimit = 32 * 1024 * 1024;
}
