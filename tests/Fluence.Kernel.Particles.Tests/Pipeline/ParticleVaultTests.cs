using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Identity;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Signing;

namespace Fluence.Kernel.Particles.Tests.Pipeline;

public sealed class ParticleVaultTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(600)]
    [InlineData(5000)]
    public void A_vault_directory_is_named_by_the_hash_of_id_and_signature_whatever_the_id_length(int idLength)
    {
        using var client = KeyPair.Generate();
        using var host = KeyPair.Generate();
        var id = string.Concat(Enumerable.Repeat("é", idLength));
        var particle = ParticleSigner.Create(client, "(null)", TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow, id);
        var vault = new ParticleVault("/vault");

        var directory = vault.DirectoryFor(particle, new PeerScope(host.PeerId, host, IsHost: true));

        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(id), .. particle.Signature.Span]);
        Assert.Equal(Path.Combine("/vault", host.PeerId.ToString(), Convert.ToHexStringLower(hash.AsSpan(0, 16))), directory);
    }

    [Fact]
    public void Particles_with_the_same_id_and_different_signatures_get_different_directories()
    {
        using var client = KeyPair.Generate();
        using var host = KeyPair.Generate();
        var scope = new PeerScope(host.PeerId, host, IsHost: true);
        var vault = new ParticleVault("/vault");
        var first = ParticleSigner.Create(client, "(null)", TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow, "same-id");
        var second = ParticleSigner.Create(client, "(seq (null) (null))", TimeSpan.FromSeconds(10), DateTimeOffset.UtcNow, "same-id");

        Assert.NotEqual(vault.DirectoryFor(first, scope), vault.DirectoryFor(second, scope));
    }
}
