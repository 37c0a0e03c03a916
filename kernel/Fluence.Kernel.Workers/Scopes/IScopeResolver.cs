using Fluence.Kernel.Identity;

namespace Fluence.Kernel.Workers.Scopes;

/// <summary>
/// What the particle pipeline asks about scopes: is a peer id this host or one of its workers, which key signs and
/// runs AquaVM there, and does the scope take a particle from a given originator.
/// </summary>
public interface IScopeResolver
{
    PeerId HostId { get; }

    /// <summary>The host's manager from configuration, if any.</summary>
    PeerId? ManagementPeerId { get; }

    bool IsHost(PeerId peerId);

    bool IsManagement(PeerId peerId);

    bool IsWorker(PeerId peerId);

    /// <summary>The host or one of its workers: particles addressed there run locally.</summary>
    bool IsLocal(PeerId peerId);

    /// <summary>The key of a local scope (AquaVM's secret key and the signer of spell particles); null when not local.</summary>
    KeyPair? GetKeyPair(PeerId scope);

    /// <summary>An inactive worker takes particles only from the host or the manager.</summary>
    ScopeAdmission Admit(PeerId scope, PeerId initPeerId);
}
