namespace Fluence.Kernel.Hosting;

/// <summary>
/// Implemented by slot providers and other services that own resources (listeners, pools, daemons' clients).
/// The kernel starts them in slot-dependency order (a plugin after the slots it requires) and stops them in reverse.
/// </summary>
public interface IPeerLifecycle
{
    Task StartAsync(CancellationToken cancellationToken);
    Task StopAsync(CancellationToken cancellationToken);
}
