using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Host;

/// <summary>
/// The services one plugin (or kernel module) registered that may implement
/// <see cref="Fluence.Kernel.Hosting.IPeerLifecycle"/>, each located in the final container by its service type and
/// its position among that type's registrations.
/// </summary>
internal sealed record LifecycleGroup(string Owner, IReadOnlyList<LifecycleCandidate> Candidates);

internal sealed record LifecycleCandidate(Type ServiceType, int Index)
{
    public object? Resolve(IServiceProvider services) =>
        services.GetServices(ServiceType).ElementAtOrDefault(Index);
}
