using Fluence.Kernel.Host;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Services;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Composition;

/// <summary>
/// Marine app services: <c>dist</c> and <c>srv</c> builtins, the service registry, and the pipeline's app-service step
/// (<see cref="IAppServiceCalls"/>). Options from section <c>Services</c>, validated at start. Removing a worker
/// removes its services.
/// </summary>
public sealed class AppServicesModule : IKernelModule
{
    public string Name => "app-services";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddFluenceServices();
        services.AddOptions<ServicesOptions>().Bind(configuration.GetSection(ServicesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<AppServiceDispatcherCalls>();
        services.AddSingleton<IAppServiceCalls>(sp => sp.GetRequiredService<AppServiceDispatcherCalls>());
        services.AddSingleton<IWorkerRemovalHook>(sp => new AppServiceScopeRemoval(sp.GetRequiredService<AppServiceRegistry>()));
    }
}
