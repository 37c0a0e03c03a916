using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers.Scopes;

/// <summary>
/// Aliases of a scope held by something other than its spells (the app services): a scope has one alias namespace,
/// so a spell's alias must not be one of these. The peer's composition provides it; without one nothing else holds aliases.
/// </summary>
public interface IScopeAliases
{
    /// <summary>The id of what <paramref name="alias"/> names in <paramref name="scope"/>, or null.</summary>
    ValueTask<string?> ResolveAsync(PeerId scope, string alias, CancellationToken cancellationToken);
}
