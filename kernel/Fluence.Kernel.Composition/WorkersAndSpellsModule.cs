using Fluence.Kernel.Host;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Services.AppServices;
using Fluence.Kernel.Workers;
using Fluence.Kernel.Workers.Builtins;
using Fluence.Kernel.Workers.Pipeline;
using Fluence.Kernel.Workers.Scopes;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Composition;

/// <summary>
/// Workers and spells: worker scopes replace the pipeline's host-only scopes, spells answer the app-service step first
/// and hand every other call to the app services (when <see cref="AppServicesModule"/> is composed before this one).
/// Options from section <c>Workers</c>, validated at start. Compose after <see cref="ParticlePipelineModule"/>.
/// </summary>
public sealed class WorkersAndSpellsModule : IKernelModule
{
    public string Name => "workers-and-spells";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        // Registered before AddWorkersAndSpells so that its spells-only default is not used; the last IAppServiceCalls
        // registered in the peer wins, so this one replaces the app services' own.
        services.AddSingleton<IAppServiceCalls>(sp =>
            new SpellServiceCalls(sp.GetRequiredService<SpellServices>(), sp.GetService<AppServiceDispatcherCalls>()));
        services.AddWorkersAndSpells();
        // One namespace of services per scope, as on Nox where spells are services: srv.list/info show spells,
        // srv.resolve_alias finds and srv.add_alias sets their aliases, and neither kind takes the other's alias.
        services.AddSingleton<IExternalServices>(sp => new SpellsAsServices(sp.GetRequiredService<SpellStorage>()));
        services.AddSingleton<IScopeAliases>(sp => new AppServiceAliasesForSpells(sp.GetService<AppServiceRegistry>()));
        services.AddOptions<WorkersOptions>().Bind(configuration.GetSection(WorkersOptions.SectionName)).ValidateOnStart();
    }
}
