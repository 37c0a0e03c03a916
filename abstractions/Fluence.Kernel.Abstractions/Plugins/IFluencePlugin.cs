namespace Fluence.Kernel.Plugins;

/// <summary>
/// The entry point of a plugin assembly: one public class with a parameterless constructor. The kernel calls
/// <see cref="Register"/> once, before anything starts. A plugin only declares here: services, options and which
/// slot contracts it provides. It does no I/O, starts no threads and reads no configuration values eagerly;
/// work starts in <see cref="Hosting.IPeerLifecycle.StartAsync"/> of the services it registered.
/// </summary>
public interface IFluencePlugin
{
    void Register(IPluginRegistrar registrar);
}
