using Fluence.Kernel.Host;
using Fluence.Kernel.Particles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fluence.Kernel.Composition;

/// <summary>The particle pipeline and the kernel's builtins (<c>peer</c>, <c>op</c>, …); options from section <c>Particles</c>.</summary>
public sealed class ParticlePipelineModule : IKernelModule
{
    public string Name => "particle-pipeline";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddParticlePipeline(configuration);
}
