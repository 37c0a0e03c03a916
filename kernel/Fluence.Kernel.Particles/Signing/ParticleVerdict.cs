namespace Fluence.Kernel.Particles.Signing;

/// <summary>Why a particle was accepted or dropped at intake; the names are the metric's <c>reason</c> tag.</summary>
public enum ParticleVerdict
{
    Accepted,
    Expired,
    UnverifiablePeerId,
    BadSignature,
}
