using System.Buffers;
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
        // Hashed from one scratch buffer (on the stack for the usual short ids): made for a particle's first service call.
        int length = Encoding.UTF8.GetByteCount(particle.Id) + particle.Signature.Length;
        byte[]? rented = length <= 512 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> input = rented ?? stackalloc byte[512];
        int written = Encoding.UTF8.GetBytes(particle.Id, input);
        particle.Signature.Span.CopyTo(input[written..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
        return Path.Combine(Root, scope.PeerId.ToString(), Convert.ToHexStringLower(hash[..16]));
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
