using Fluence.Kernel.Interpretation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fluence.Kernel.Plugins.AquaVm;

/// <summary>Plugin <c>aquavm</c>: provides the <c>interpreter</c> slot with <see cref="AquaVmInterpreter"/>.</summary>
public sealed class AquaVmPlugin : IFluencePlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        registrar.AddOptions<AquaVmOptions>();
        registrar.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AquaVmOptions>, AquaVmOptionsValidator>());
        registrar.Services.TryAddSingleton<AquaVmInterpreter>();
        registrar.Provide<IAirInterpreter>(sp => sp.GetRequiredService<AquaVmInterpreter>());
    }
}
