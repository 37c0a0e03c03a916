using Fluence.Kernel.Builtins;
using Fluence.Kernel.Hosting;
using Fluence.Kernel.Particles.Builtins;
using Fluence.Kernel.Particles.Pipeline;
using Fluence.Kernel.Particles.Telemetry;
using Fluence.Kernel.Particles.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Particles;

public static class ParticlePipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the particle pipeline of a peer and the kernel's builtin services. Requires <see cref="IPeerEnvironment"/>,
    /// an <see cref="Transport.ITransport"/> and an <see cref="Interpretation.IAirInterpreter"/> (the slots) and logging.
    /// Options come from <paramref name="configuration"/>'s <c>Particles</c> section when given. Seams registered with
    /// TryAdd (<see cref="IPeerScopes"/>, <see cref="IParticleDataStore"/>) can be replaced by registering first.
    /// <see cref="ParticlePipeline"/> is an <see cref="IPeerLifecycle"/>: start it after the transport and interpreter.
    /// </summary>
    public static IServiceCollection AddParticlePipeline(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<ParticlePipelineOptions>().ValidateDataAnnotations().ValidateOnStart();
        if (configuration is not null)
            options.Bind(configuration.GetSection(ParticlePipelineOptions.SectionName));

        services.TryAddSingleton<IPeerScopes, HostOnlyScopes>();
        services.TryAddSingleton<IParticleDataStore, InMemoryParticleDataStore>();
        services.TryAddSingleton(sp => new ParticleVault(sp.GetRequiredService<IPeerEnvironment>()));
        services.TryAddSingleton(sp => new ParticleCodec(sp.GetRequiredService<IOptions<ParticlePipelineOptions>>().Value.MaxFrameSize));
        services.TryAddSingleton(sp => new ParticleTelemetry(
            sp.GetRequiredService<IPeerEnvironment>().HostId.ToString(),
            () => sp.GetRequiredService<IParticlePlumber>().ActiveActors));
        services.TryAddSingleton<IServiceCallExecutor, ServiceCallExecutor>();
        services.TryAddSingleton<IParticleSender, TransportParticleSender>();
        services.TryAddSingleton<IParticlePlumber>(sp => ActivatorUtilities.CreateInstance<ParticlePlumber>(sp, sp.GetRequiredService<IPeerEnvironment>().Time));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ParticlePipeline>(sp, sp.GetRequiredService<IPeerEnvironment>().Time));
        services.AddSingleton<IPeerLifecycle>(sp => sp.GetRequiredService<ParticlePipeline>());

        services.AddSingleton<IBuiltinService, PeerBuiltin>();
        services.AddSingleton<IBuiltinService, OpBuiltin>();
        services.AddSingleton<IBuiltinService, DebugBuiltin>();
        services.AddSingleton<IBuiltinService, RunConsoleBuiltin>();
        services.AddSingleton<IBuiltinService, MathBuiltin>();
        services.AddSingleton<IBuiltinService, CmpBuiltin>();
        services.AddSingleton<IBuiltinService, ArrayBuiltin>();
        services.AddSingleton<IBuiltinService, JsonBuiltin>();
        services.AddSingleton<IBuiltinService, SigBuiltin>();
        services.AddSingleton<IBuiltinService, VaultBuiltin>();
        services.AddSingleton<IBuiltinService, StatBuiltin>();
        services.AddSingleton<IBuiltinService, KadBuiltin>();
        return services;
    }
}
