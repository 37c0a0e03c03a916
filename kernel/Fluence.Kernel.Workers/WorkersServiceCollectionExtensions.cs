using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Workers;
using Fluence.Kernel.Workers.Builtins;
using Fluence.Kernel.Workers.Pipeline;
using Fluence.Kernel.Workers.Scopes;
using Fluence.Kernel.Workers.Spells;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class WorkersServiceCollectionExtensions
{
    /// <summary>
    /// Registers workers, spells and their builtins (<c>worker</c>, <c>spell</c>, <c>getDataSrv</c>,
    /// <c>callbackSrv</c>, <c>errorHandlingSrv</c> as <see cref="IBuiltinService"/>; <see cref="SpellServices"/> for
    /// spell ids), <see cref="IScopeResolver"/>, and the <see cref="Sorcerer"/> as an <see cref="IPeerLifecycle"/>.
    /// Needs <see cref="IPeerEnvironment"/> and an <c>IScheduler</c>; spell particles go to the particle pipeline
    /// (<c>AddParticlePipeline</c>) through <see cref="PlumberSpellExecutor"/> unless another
    /// <see cref="ISpellParticleExecutor"/> was registered first; an <c>ITransport</c>, when registered, drives
    /// connection triggers. Replaces the pipeline's host-only <c>IPeerScopes</c> with <see cref="PipelineScopes"/>.
    /// </summary>
    public static IServiceCollection AddWorkersAndSpells(this IServiceCollection services, Action<WorkersOptions>? configure = null)
    {
        var options = services.AddOptions<WorkersOptions>();
        if (configure is not null)
            options.Configure(configure);
        options.Validate(o => o.SpellParticleTtl > TimeSpan.Zero, "Workers:SpellParticleTtl must be positive");
        options.Validate(o =>
        {
            try
            {
                o.ParseManagementPeerId();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }, "Workers:ManagementPeerId is not a valid peer id");

        services.TryAddSingleton(sp => new WorkerRegistry(
            sp.GetRequiredService<IPeerEnvironment>(),
            () => sp.GetServices<IWorkerRemovalHook>(),
            sp.GetRequiredService<ILogger<WorkerRegistry>>()));
        services.TryAddSingleton<IScopeResolver, ScopeResolver>();
        services.TryAddSingleton<SpellStorage>();
        services.TryAddSingleton<Sorcerer>();
        services.TryAddSingleton<SpellServices>();
        services.TryAddSingleton<ISpellScriptCheck, InterpreterScriptCheck>();
        services.AddSingleton<IWorkerRemovalHook>(sp => sp.GetRequiredService<Sorcerer>());
        services.AddSingleton<IPeerLifecycle>(sp => sp.GetRequiredService<Sorcerer>());
        // The particle pipeline: worker scopes replace its host-only scopes whichever was registered first; spell
        // particles go to its plumber and spell services join its app-service step unless something else was registered.
        services.Replace(ServiceDescriptor.Singleton<Fluence.Kernel.Particles.Pipeline.IPeerScopes, PipelineScopes>());
        services.TryAddSingleton<ISpellParticleExecutor>(sp => new PlumberSpellExecutor(
            () => sp.GetRequiredService<Fluence.Kernel.Particles.Pipeline.IParticlePlumber>(),
            sp.GetRequiredService<Fluence.Kernel.Particles.Pipeline.IPeerScopes>()));
        services.TryAddSingleton<Fluence.Kernel.Particles.Pipeline.IAppServiceCalls>(sp => new SpellServiceCalls(sp.GetRequiredService<SpellServices>()));
        services.AddSingleton<IBuiltinService, WorkerBuiltin>();
        services.AddSingleton<IBuiltinService, SpellBuiltin>();
        services.AddSingleton<IBuiltinService, GetDataSrvBuiltin>();
        services.AddSingleton<IBuiltinService, CallbackSrvBuiltin>();
        services.AddSingleton<IBuiltinService, ErrorHandlingSrvBuiltin>();
        return services;
    }
}
