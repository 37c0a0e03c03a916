using System.Security.Cryptography;
using System.Text;
using Fluence.Kernel.Hosting;

namespace Fluence.Kernel.Particles.Pipeline;

/// <summary>
/// Per-particle scratch directories under <c>DataDirectory/particles/vault/&lt;scope&gt;/</c>. The directory name is a
/// hash of (id, signature): ids are user-chosen and must not become paths. Created by the first user (vault.put),
/// removed when the particle's actor is reaped.
/// </summary>
public sealed class ParticleVault(string root)
{
    public ParticleVault(IPeerEnvironment environment) : this(Path.Combine(environment.DataDirectory, "particles", "vault"))
    {
    }

    public string Root { get; } = root;

    public string DirectoryFor(Particle particle, PeerScope scope)
    {
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(particle.Id), .. particle.Signature.Span]);
        return Path.Combine(Root, scope.PeerId.ToString(), Convert.ToHexStringLower(hash.AsSpan(0, 16)));
    }

    public void Remove(Particle particle, PeerScope scope) => Remove(DirectoryFor(particle, scope));

    /// <summary>Removes a directory that <see cref="DirectoryFor"/> gave.</summary>
    public void Remove(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Another process holds a file; the next cleanup of the vault root removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
