using Fluence.Kernel.Hosting;
using Fluence.Kernel.Identity;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Workers.Scopes;

/// <summary>Scope resolution over the host identity, the configured manager and the worker registry.</summary>
public sealed class ScopeResolver : IScopeResolver
{
    private readonly IPeerEnvironment _environment;
    private readonly WorkerRegistry _workers;

    public ScopeResolver(IPeerEnvironment environment, WorkerRegistry workers, IOptions<WorkersOptions> options)
    {
        _environment = environment;
        _workers = workers;
        ManagementPeerId = options.Value.ParseManagementPeerId();
    }

    public PeerId HostId => _environment.HostKey.PeerId;

    public PeerId? ManagementPeerId { get; }

    public bool IsHost(PeerId peerId) => peerId == HostId;

    public bool IsManagement(PeerId peerId) => ManagementPeerId is not null && peerId == ManagementPeerId;

    public bool IsWorker(PeerId peerId) => _workers.Contains(peerId);

    public bool IsLocal(PeerId peerId) => IsHost(peerId) || IsWorker(peerId);

    public KeyPair? GetKeyPair(PeerId scope) => IsHost(scope) ? _environment.HostKey : _workers.GetKeyPair(scope);

    public ScopeAdmission Admit(PeerId scope, PeerId initPeerId)
    {
        if (IsHost(scope))
            return ScopeAdmission.Accepted;
        var worker = _workers.Get(scope);
        if (worker is null)
            return ScopeAdmission.UnknownScope;
        if (worker.Active || IsHost(initPeerId) || IsManagement(initPeerId))
            return ScopeAdmission.Accepted;
        return ScopeAdmission.WorkerInactive;
    }
}
