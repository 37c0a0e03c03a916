using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Host;

/// <summary>
/// A part of the kernel itself (particle pipeline, builtins, …) that the host composes in after the plugins: its
/// services may use every slot contract. Services implementing <see cref="Fluence.Kernel.Hosting.IPeerLifecycle"/>
/// start after all plugins and stop before them.
/// </summary>
public interface IKernelModule
{
    string Name { get; }

    void ConfigureServices(IServiceCollection services, IConfiguration configuration);
}
