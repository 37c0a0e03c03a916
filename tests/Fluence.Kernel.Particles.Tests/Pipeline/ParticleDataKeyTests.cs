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

    [Fact]
    public void Keys_with_one_signature_differ_by_particle_id_and_by_peer()
    {
        var key = new ParticleDataKey("id-1", "peer-a", "c2lnbmF0dXJl");

        Assert.Equal(key, new ParticleDataKey("id-1", "peer-a", "c2lnbmF0dXJl"));
        Assert.NotEqual(key, new ParticleDataKey("id-2", "peer-a", "c2lnbmF0dXJl"));
        Assert.NotEqual(key, new ParticleDataKey("id-1", "peer-b", "c2lnbmF0dXJl"));
        var store = new InMemoryParticleDataStore();
        store.Write(key, new byte[] { 1 });
        store.Write(key with { PeerId = "peer-b" }, new byte[] { 2 });
        Assert.Equal(new byte[] { 1 }, store.Read(key).ToArray());
        Assert.Equal(new byte[] { 2 }, store.Read(key with { PeerId = "peer-b" }).ToArray());
        Assert.True(store.Read(key with { ParticleId = "id-2" }).IsEmpty);
    }
}
