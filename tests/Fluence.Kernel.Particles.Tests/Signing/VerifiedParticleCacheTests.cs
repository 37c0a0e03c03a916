using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Signing;

namespace Fluence.Kernel.Particles.Tests.Signing;

public sealed class VerifiedParticleCacheTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_696_934_545_662);

    [Fact]
    public void A_copy_with_other_data_is_accepted_like_the_verified_particle()
    {
        using var key = KeyPair.Generate();
        var cache = new VerifiedParticleCache();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);

        Assert.Equal(ParticleVerdict.Accepted, cache.Check(particle, Created, out _));
        Assert.Equal(ParticleVerdict.Accepted, cache.Check(particle with { Data = new byte[] { 1, 2, 3 } }, Created, out var reason));
        Assert.Null(reason);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void A_verified_signature_on_another_script_is_still_a_bad_signature()
    {
        using var key = KeyPair.Generate();
        var cache = new VerifiedParticleCache();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);
        Assert.Equal(ParticleVerdict.Accepted, cache.Check(particle, Created, out _));

        Assert.Equal(ParticleVerdict.BadSignature, cache.Check(particle with { Script = "(never)" }, Created, out var reason));
        Assert.Contains("does not verify", reason);
        Assert.Equal(ParticleVerdict.BadSignature, cache.Check(particle with { Ttl = particle.Ttl + 1 }, Created, out _));
        Assert.Equal(ParticleVerdict.BadSignature, cache.Check(particle with { Id = "other" }, Created, out _));
    }

    [Fact]
    public void A_verified_signature_under_another_init_peer_id_is_checked_against_that_peer()
    {
        using var key = KeyPair.Generate();
        using var other = KeyPair.Generate();
        var cache = new VerifiedParticleCache();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);
        Assert.Equal(ParticleVerdict.Accepted, cache.Check(particle, Created, out _));

        Assert.Equal(ParticleVerdict.BadSignature, cache.Check(particle with { InitPeerId = other.PeerId.ToString() }, Created, out _));
        Assert.Equal(ParticleVerdict.UnverifiablePeerId, cache.Check(particle with { InitPeerId = "not-a-peer-id" }, Created, out _));
    }

    [Fact]
    public void A_verified_particle_past_its_deadline_is_expired()
    {
        using var key = KeyPair.Generate();
        var cache = new VerifiedParticleCache();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);
        Assert.Equal(ParticleVerdict.Accepted, cache.Check(particle, Created, out _));

        Assert.Equal(ParticleVerdict.Expired, cache.Check(particle, Created.AddSeconds(11), out var reason));
        Assert.Contains("expired", reason);
    }

    [Fact]
    public void The_cache_never_holds_more_than_its_capacity()
    {
        using var key = KeyPair.Generate();
        var cache = new VerifiedParticleCache(capacity: 3);

        for (var i = 0; i < 10; i++)
        {
            var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created) with { Data = new byte[1024] };
            Assert.Equal(ParticleVerdict.Accepted, cache.Check(particle, Created, out _));
            Assert.InRange(cache.Count, 1, 3);
        }
    }
}
