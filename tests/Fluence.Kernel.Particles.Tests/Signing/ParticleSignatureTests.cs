using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Signing;

namespace Fluence.Kernel.Particles.Tests.Signing;

public sealed class ParticleSignatureTests
{
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeMilliseconds(1_696_934_545_662);

    [Fact]
    public void Signing_reproduces_the_golden_vector_of_nox()
    {
        using var key = KeyPair.FromBase64("7h48PQ/f1rS9TxacmgODxbD42Il9B3KC117jvOPppPE=");
        Assert.Equal("12D3KooWANqfCDrV79MZdMnMqTvDdqSAPSxdgFY1L6DCq2DVGB4D", key.PeerId.ToString());

        var particle = ParticleSigner.Create(key, "abc", TimeSpan.FromMilliseconds(7000), Created, "2883f959-e9e7-4843-8c37-205d393ca372");

        Assert.Equal("Mjg4M2Y5NTktZTllNy00ODQzLThjMzctMjA1ZDM5M2NhMzcy/kguGYsBAABYGwAAYWJj", Convert.ToBase64String(particle.GetSignedBytes()));
        Assert.Equal("KceXDnOfqe0dOnAxiDsyWBIvUq6WHoT0ge+VMHXOZsjZvCNH7/10oufdlYfcPomfv28On6E87ZhDcHGBZcb7Bw==",
            Convert.ToBase64String(particle.Signature.Span));
        Assert.Equal(ParticleVerdict.Accepted, ParticleVerifier.Check(particle, Created.AddSeconds(1), out _));
    }

    [Fact]
    public void A_changed_script_breaks_the_signature()
    {
        using var key = KeyPair.Generate();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created) with { Script = "(never)" };

        Assert.Equal(ParticleVerdict.BadSignature, ParticleVerifier.Check(particle, Created, out var reason));
        Assert.Contains("does not verify", reason);
    }

    [Fact]
    public void Data_is_not_signed_so_it_may_change_per_hop()
    {
        using var key = KeyPair.Generate();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created) with { Data = new byte[] { 9, 9 } };

        Assert.Equal(ParticleVerdict.Accepted, ParticleVerifier.Check(particle, Created, out _));
    }

    [Fact]
    public void A_particle_signed_by_another_key_is_rejected()
    {
        using var author = KeyPair.Generate();
        using var forger = KeyPair.Generate();
        var genuine = ParticleSigner.Create(author, "(null)", TimeSpan.FromSeconds(10), Created);
        var forged = genuine with { Signature = forger.Sign(genuine.GetSignedBytes()) };

        Assert.Equal(ParticleVerdict.BadSignature, ParticleVerifier.Check(forged, Created, out _));
    }

    [Fact]
    public void A_peer_id_that_holds_no_ed25519_key_is_unverifiable()
    {
        using var key = KeyPair.Generate();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created)
            with { InitPeerId = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N" };

        Assert.Equal(ParticleVerdict.UnverifiablePeerId, ParticleVerifier.Check(particle, Created, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void A_particle_is_expired_one_millisecond_after_its_deadline()
    {
        using var key = KeyPair.Generate();
        var particle = ParticleSigner.Create(key, "(null)", TimeSpan.FromSeconds(10), Created);

        Assert.Equal(ParticleVerdict.Accepted, ParticleVerifier.Check(particle, Created.AddSeconds(10), out _));
        Assert.Equal(ParticleVerdict.Expired, ParticleVerifier.Check(particle, Created.AddSeconds(10).AddMilliseconds(1), out _));
    }

    [Fact]
    public void Nobody_signs_a_particle_of_another_init_peer()
    {
        using var author = KeyPair.Generate();
        using var other = KeyPair.Generate();
        var particle = ParticleSigner.Create(author, "(null)", TimeSpan.FromSeconds(10), Created);

        Assert.Throws<InvalidOperationException>(() => ParticleSigner.Sign(particle, other));
    }
}
