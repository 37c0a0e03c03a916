namespace Fluence.Kernel.Workers.Scopes;

/// <summary>Whether a scope takes a particle (the worker-scope gate of Nox's plumber).</summary>
public enum ScopeAdmission
{
    Accepted,

    /// <summary>The target is neither the host nor one of its workers.</summary>
    UnknownScope,

    /// <summary>The worker is inactive and the particle comes from neither the host nor the manager.</summary>
    WorkerInactive,
}
