using Fluence.Kernel.Identity;
using Fluence.Kernel.Multiformats;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Signing;

namespace Fluence.Kernel.Particles.Tests.Pipeline;

public sealed class ParticleDataKeyTests
{
    [Fact]
    public void The_key_is_spelled_as_nox_names_its_files_with_the_signature_in_base58()
    {
        using var client = KeyPair.Generate();
        using var host = KeyPair.Generate();
        var particle = ParticleSigner.Create(client, "(null)", TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);
        var scope = new PeerScope(host.PeerId, host, IsHost: true);

        var key = ParticleDataKey.For(particle, scope);

        Assert.Equal($"particle_{particle.Id}-peer_{host.PeerId}-sig_{Base58.Encode(particle.Signature.Span)}", key.ToString());
    }

    [Fact]
    public void Copies_of_a_particle_share_a_key_and_other_particles_do_not()
    {
        using var client = KeyPair.Generate();
        using var host = KeyPair.Generate();
        var particle = ParticleSigner.Create(client, "(null)", TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);
        var other = ParticleSigner.Create(client, "(null)", TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow);
        var scope = new PeerScope(host.PeerId, host, IsHost: true);

        Assert.Equal(ParticleDataKey.For(particle, scope), ParticleDataKey.For(particle with { Data = new byte[] { 1 } }, scope));
        Assert.NotEqual(ParticleDataKey.For(particle, scope), ParticleDataKey.For(other, scope));
    }
}
