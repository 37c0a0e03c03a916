using Fluence.Kernel.Builtins;
using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers.Builtins;

internal static class Callers
{
    /// <summary>The particle's originator; the pipeline verified its signature, so it is a valid peer id.</summary>
    public static PeerId InitPeer(this ServiceCall call) =>
        PeerId.TryParse(call.Context.Particle.InitPeerId, out var id, out var error)
            ? id
            : throw new BuiltinArgumentException($"init_peer_id of the particle is not a peer id: {error}");

    /// <summary>The spell id of a spell particle (<c>spell_&lt;id&gt;_&lt;counter&gt;</c>), or null.</summary>
    public static string? SpellIdOfParticle(string particleId)
    {
        if (!particleId.StartsWith("spell_", StringComparison.Ordinal))
            return null;
        var parts = particleId.Split('_');
        return parts.Length >= 2 && parts[1].Length > 0 ? parts[1] : null;
    }
}
